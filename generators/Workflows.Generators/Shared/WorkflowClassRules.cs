using Microsoft.CodeAnalysis;

namespace Workflows.CodeAnalysis;

/// <summary>
/// The rules a <c>[Workflow]</c> class and its <c>[WorkflowRun]</c>, <c>[WorkflowSignal]</c> and <c>[WorkflowQuery]</c>
/// members must meet. The generator skips a class that breaks one; the WF2xxx class analyzers report the same rules.
/// </summary>
internal static class WorkflowClassRules
{
    public const string RunAttributeName = "Workflows.WorkflowRunAttribute";
    public const string SignalAttributeName = "Workflows.WorkflowSignalAttribute";
    public const string QueryAttributeName = "Workflows.WorkflowQueryAttribute";

    /// <summary>What <see cref="ClassProblem"/> says of a class whose only problem is its constructors (a code fix can add one).</summary>
    public const string NoConstructorProblem = "it has no public or internal parameterless constructor (the runtime creates a new object per execution)";

    /// <summary>The workflow name: the attribute's argument, or the class name.</summary>
    public static string GetName(AttributeData attribute, INamedTypeSymbol type)
        => attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : type.Name;

    /// <summary>A signal or query name: the attribute's argument, or the member name.</summary>
    public static string GetMemberName(AttributeData attribute, ISymbol member)
        => attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : member.Name;

    /// <summary>The attribute of the given full name on <paramref name="symbol"/>, if any.</summary>
    public static AttributeData? Find(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == attributeName)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The class's <c>[WorkflowRun]</c> methods (exactly one is valid).</summary>
    public static List<IMethodSymbol> RunMethods(INamedTypeSymbol type)
        => type.GetMembers().OfType<IMethodSymbol>().Where(m => Find(m, RunAttributeName) is not null).ToList();

    /// <summary>Why the class itself cannot be a workflow class, or null.</summary>
    public static string? ClassProblem(INamedTypeSymbol type)
    {
        if (type.IsStatic || type.IsAbstract)
        {
            return "it is static or abstract";
        }

        if (type.TypeParameters.Length > 0 || type.ContainingType?.TypeParameters.Length > 0)
        {
            return "it is generic";
        }

        if (!DefinitionRules.IsReachable(type))
        {
            return "it or a type that contains it is private or protected";
        }

        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
        {
            return NoConstructorProblem;
        }

        return null;
    }

    /// <summary>Why a <c>[WorkflowSignal]</c> method's signature is wrong, or null: one payload parameter, returns void or Task.</summary>
    public static string? SignalProblem(IMethodSymbol method) => SignalProblem(method, out _);

    /// <summary>
    /// Why a <c>[WorkflowSignal]</c> method's signature is wrong, or null; <paramref name="returnsValue"/> tells that
    /// the problem given is its result (a code fix can drop it).
    /// </summary>
    public static string? SignalProblem(IMethodSymbol method, out bool returnsValue)
    {
        returnsValue = false;
        if (method.IsStatic || method.IsGenericMethod)
        {
            return "it is static or generic";
        }

        if (method.Parameters.Length != 1 || method.Parameters[0].RefKind != RefKind.None)
        {
            return $"it takes {method.Parameters.Length} parameter(s); a signal handler takes exactly one value parameter";
        }

        if (!method.ReturnsVoid && method.ReturnType.ToDisplayString() != "System.Threading.Tasks.Task")
        {
            returnsValue = true;
            return $"it returns {method.ReturnType.ToDisplayString()}; a signal handler returns void or Task";
        }

        if (DefinitionRules.IsWorkflowContext(method.Parameters[0].Type) || DefinitionRules.IsCancellationToken(method.Parameters[0].Type))
        {
            return "its parameter is not a serializable value";
        }

        return !DefinitionRules.IsReachable(method) ? "it is private or protected (generated code calls it)" : null;
    }

    /// <summary>Why a <c>[WorkflowQuery]</c> member's signature is wrong, or null: a property or method returning a value that is not a task.</summary>
    public static string? QueryProblem(ISymbol member, out ITypeSymbol? result)
    {
        result = null;
        switch (member)
        {
            case IPropertySymbol property:
                if (property.IsStatic || property.GetMethod is null || property.Parameters.Length > 0)
                {
                    return "it is static, has no getter or is an indexer";
                }

                result = property.Type;
                if (!DefinitionRules.IsReachable(property.GetMethod))
                {
                    return "its getter is private or protected (generated code reads it)";
                }

                break;
            case IMethodSymbol method:
                if (method.IsStatic || method.IsGenericMethod || method.IsAsync)
                {
                    return "it is static, generic or async";
                }

                if (method.ReturnsVoid)
                {
                    return "it returns nothing; a query returns a value";
                }

                foreach (var parameter in method.Parameters)
                {
                    if (parameter.RefKind != RefKind.None || DefinitionRules.IsWorkflowContext(parameter.Type) || DefinitionRules.IsCancellationToken(parameter.Type))
                    {
                        return $"its parameter '{parameter.Name}' is not a serializable value";
                    }
                }

                result = method.ReturnType;
                if (!DefinitionRules.IsReachable(method))
                {
                    return "it is private or protected (generated code calls it)";
                }

                break;
            default:
                return "it is neither a property nor a method";
        }

        string resultName = result.OriginalDefinition.ToDisplayString();
        if (resultName.StartsWith("System.Threading.Tasks.Task", StringComparison.Ordinal) || resultName.StartsWith("System.Threading.Tasks.ValueTask", StringComparison.Ordinal))
        {
            return $"it returns {result.ToDisplayString()}; a query answers at once and never awaits";
        }

        return null;
    }
}

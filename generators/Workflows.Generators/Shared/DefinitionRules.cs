using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workflows.CodeAnalysis;

/// <summary>
/// The rules a <c>[Workflow]</c> or <c>[Activity]</c> method must meet to get generated stubs and invokers.
/// The generator skips a method that breaks one; the definition analyzers report the same rules, so the two
/// never disagree about what is valid.
/// </summary>
internal static class DefinitionRules
{
    public const string WorkflowAttributeName = "Workflows.WorkflowAttribute";
    public const string ActivityAttributeName = "Workflows.ActivityAttribute";

    /// <summary>The registered name: the attribute's argument, or the method name.</summary>
    public static string GetName(AttributeData attribute, IMethodSymbol method)
        => attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : method.Name;

    /// <summary>Whether <paramref name="name"/> can be the base of a typed stub's method name.</summary>
    public static bool IsValidStubName(string name) => SyntaxFacts.IsValidIdentifier(name) && !name.StartsWith("@", StringComparison.Ordinal);

    /// <summary>
    /// Checks a method. Returns false when a type in its signature does not resolve (the compiler reports
    /// that; nothing can be generated and nothing more should be said).
    /// </summary>
    public static bool Check(IMethodSymbol method, bool isWorkflow, string name, List<DefinitionProblem> problems)
    {
        if (HasErrorType(method))
        {
            return false;
        }

        if (name.Trim().Length == 0 || !IsValidStubName(name))
        {
            problems.Add(new DefinitionProblem(DefinitionProblemKind.InvalidName, method, name));
        }

        if (method.IsGenericMethod)
        {
            problems.Add(new DefinitionProblem(DefinitionProblemKind.Generic, method, "it has type parameters"));
        }
        else
        {
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.TypeParameters.Length > 0)
                {
                    problems.Add(new DefinitionProblem(DefinitionProblemKind.Generic, method, $"its type '{type.Name}' is generic"));
                    break;
                }
            }
        }

        if (!IsReachable(method))
        {
            problems.Add(new DefinitionProblem(DefinitionProblemKind.Inaccessible, method, "the method or a type that contains it is private or protected"));
        }

        if (!TryGetReturnKind(method, out _, out var result) || (isWorkflow && !IsTask(method.ReturnType)))
        {
            problems.Add(new DefinitionProblem(DefinitionProblemKind.InvalidReturnType, method, method.ReturnType.ToDisplayString()));
        }
        else if (result is not null && !IsReachable(result))
        {
            problems.Add(new DefinitionProblem(DefinitionProblemKind.Inaccessible, method, $"its result type '{result.ToDisplayString()}' is private or protected"));
        }

        var parameters = method.Parameters;
        int first = 0;
        if (isWorkflow)
        {
            if (parameters.Length == 0 || !IsWorkflowContext(parameters[0].Type) || parameters[0].RefKind != RefKind.None)
            {
                problems.Add(new DefinitionProblem(DefinitionProblemKind.MissingContext, method, method.Name));
            }
            else
            {
                first = 1;
            }

            if (!method.IsStatic && !HasParameterlessConstructor(method.ContainingType))
            {
                problems.Add(new DefinitionProblem(DefinitionProblemKind.NoParameterlessConstructor, method, method.ContainingType.Name));
            }
        }

        for (int i = first; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            bool trailingToken = !isWorkflow && i == parameters.Length - 1;
            if (UnsupportedReason(parameter, trailingToken) is { } reason)
            {
                problems.Add(new DefinitionProblem(DefinitionProblemKind.UnsupportedParameter, parameter, reason));
            }
            else if (!IsReachable(parameter.Type))
            {
                problems.Add(new DefinitionProblem(DefinitionProblemKind.Inaccessible, parameter, $"the type '{parameter.Type.ToDisplayString()}' of parameter '{parameter.Name}' is private or protected"));
            }
        }

        return true;
    }

    /// <summary>Classifies the return type; false for types the runtime cannot await or record.</summary>
    public static bool TryGetReturnKind(IMethodSymbol method, out ReturnKind kind, out ITypeSymbol? result)
    {
        var type = method.ReturnType;
        result = null;
        kind = ReturnKind.Value;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return false;
        }

        if (method.ReturnsVoid)
        {
            kind = ReturnKind.Void;
            return true;
        }

        if (type is INamedTypeSymbol named && IsInTasksNamespace(named))
        {
            switch (named.Name, named.Arity)
            {
                case ("Task", 0):
                    kind = ReturnKind.Task;
                    return true;
                case ("ValueTask", 0):
                    kind = ReturnKind.ValueTask;
                    return true;
                case ("Task", 1):
                    kind = ReturnKind.TaskOfT;
                    result = named.TypeArguments[0];
                    return IsPayloadType(result);
                case ("ValueTask", 1):
                    kind = ReturnKind.ValueTaskOfT;
                    result = named.TypeArguments[0];
                    return IsPayloadType(result);
            }
        }

        result = type;
        return IsPayloadType(type);
    }

    /// <summary>Whether the type is <c>System.Threading.CancellationToken</c>.</summary>
    public static bool IsCancellationToken(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0, ContainingType: null } named
            && IsNamespace(named.ContainingNamespace, "Threading", "System");

    /// <summary>Whether the type is <c>Workflows.WorkflowContext</c>.</summary>
    public static bool IsWorkflowContext(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "WorkflowContext", Arity: 0, ContainingType: null } named
            && IsNamespace(named.ContainingNamespace, "Workflows", null);

    /// <summary>
    /// Whether code in the same assembly, outside the declaring type, can reach the symbol: it and every
    /// containing type (and, for types, every type argument and element type) are public or internal.
    /// </summary>
    public static bool IsReachable(ISymbol symbol)
    {
        switch (symbol)
        {
            case IArrayTypeSymbol array:
                return IsReachable(array.ElementType);
            case ITypeParameterSymbol:
                return true;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsReachable(argument))
                    {
                        return false;
                    }
                }

                break;
        }

        for (var s = symbol; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
        {
            switch (s.DeclaredAccessibility)
            {
                case Accessibility.Public:
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                case Accessibility.NotApplicable:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether the symbol and everything it mentions is public all the way out (visible to other assemblies).</summary>
    public static bool IsPublic(ISymbol symbol)
    {
        switch (symbol)
        {
            case IArrayTypeSymbol array:
                return IsPublic(array.ElementType);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsPublic(argument))
                    {
                        return false;
                    }
                }

                break;
        }

        for (var s = symbol; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
        {
            if (s.DeclaredAccessibility is not (Accessibility.Public or Accessibility.NotApplicable))
            {
                return false;
            }
        }

        return true;
    }

    private static string? UnsupportedReason(IParameterSymbol parameter, bool trailingToken)
    {
        var type = parameter.Type;
        if (parameter.RefKind != RefKind.None)
        {
            return $"'{parameter.Name}' is passed by reference";
        }

        if (IsCancellationToken(type))
        {
            return trailingToken ? null : $"'{parameter.Name}' is a CancellationToken that is not an activity's last parameter";
        }

        if (IsWorkflowContext(type))
        {
            return $"'{parameter.Name}' is a WorkflowContext that is not a workflow's first parameter";
        }

        return IsPayloadType(type) ? null : $"'{parameter.Name}' has type {type.ToDisplayString()}, which cannot be a payload";
    }

    private static bool IsPayloadType(ITypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
            case TypeKind.Delegate:
            case TypeKind.Dynamic:
                return false;
        }

        if (type.IsRefLikeType || type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate or SpecialType.System_Void)
        {
            return false;
        }

        if (IsTask(type) || IsCancellationToken(type) || IsWorkflowContext(type))
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t is INamedTypeSymbol { Name: "Stream", Arity: 0, ContainingType: null } stream && IsNamespace(stream.ContainingNamespace, "IO", "System"))
            {
                return false;
            }
        }

        return type is not IArrayTypeSymbol array || IsPayloadType(array.ElementType);
    }

    private static bool IsTask(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Task", ContainingType: null } named && named.Arity <= 1 && IsInTasksNamespace(named);

    private static bool IsInTasksNamespace(INamedTypeSymbol type)
        => type.ContainingType is null
            && type.ContainingNamespace is { Name: "Tasks" } tasks
            && IsNamespace(tasks.ContainingNamespace, "Threading", "System");

    // Compares names instead of looking types up in the compilation: cheap, and needs no Compilation in the pipeline.
    private static bool IsNamespace(INamespaceSymbol? ns, string name, string? parent)
    {
        if (ns is null || ns.Name != name)
        {
            return false;
        }

        var outer = ns.ContainingNamespace;
        return parent is null
            ? outer is null || outer.IsGlobalNamespace
            : outer is not null && outer.Name == parent && (outer.ContainingNamespace?.IsGlobalNamespace ?? true);
    }

    private static bool HasParameterlessConstructor(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic)
        {
            return false;
        }

        if (type.IsValueType)
        {
            return true;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 0 && IsReachable(constructor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The methods a class-level <c>[Activity]</c> marks, in name order.</summary>
    public static List<IMethodSymbol> ClassActivityMethods(INamedTypeSymbol type, INamedTypeSymbol? attributeClass)
    {
        var candidates = type.GetMembers()
            .OfType<IMethodSymbol>()
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared
                && !m.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass)))
            .ToList();
        return candidates
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Where(g => g.Count() == 1 && type.GetMembers(g.Key).Length == 1)
            .Select(g => g.First())
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static bool HasErrorType(IMethodSymbol method)
    {
        if (IsError(method.ReturnType))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsError(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsError(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => IsError(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsError),
        _ => false,
    };
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// Per-compilation knowledge shared by all determinism analyzers: the Workflows SDK symbols and
/// the set of methods reachable from [Workflow] methods, with the call chain that reaches each.
/// One instance exists per compilation; the call graph is computed once, on first use, and only
/// the bodies of reachable methods are walked.
/// </summary>
internal sealed class WorkflowModel
{
    private static readonly ConditionalWeakTable<Compilation, WorkflowModel> s_cache = new();
    private static readonly ConditionalWeakTable<Compilation, WorkflowModel>.CreateValueCallback s_factory = c => new WorkflowModel(c);

    private readonly Lazy<Dictionary<IMethodSymbol, IMethodSymbol?>> _reachable;
    private readonly ConcurrentDictionary<IMethodSymbol, string> _chains = new(SymbolEqualityComparer.Default);

    // Filled by ComputeReachable, so read only after _reachable.Value: the lambdas and local functions
    // registered as workflows (registry.AddWorkflow(name, ctx => ...)), keyed by their syntax, with the
    // symbol that stands for them in the call graph, and the names they were registered under.
    private Dictionary<SyntaxNode, IMethodSymbol> _delegateRoots = new();
    private Dictionary<IMethodSymbol, string> _rootNames = new(SymbolEqualityComparer.Default);

    private WorkflowModel(Compilation compilation)
    {
        Compilation = compilation;
        WorkflowAttribute = compilation.GetTypeByMetadataName("Workflows.WorkflowAttribute");
        ActivityAttribute = compilation.GetTypeByMetadataName("Workflows.ActivityAttribute");
        WorkflowContext = compilation.GetTypeByMetadataName("Workflows.WorkflowContext");
        RunAttribute = compilation.GetTypeByMetadataName("Workflows.WorkflowRunAttribute");
        SignalAttribute = compilation.GetTypeByMetadataName("Workflows.WorkflowSignalAttribute");
        QueryAttribute = compilation.GetTypeByMetadataName("Workflows.WorkflowQueryAttribute");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        _reachable = new Lazy<Dictionary<IMethodSymbol, IMethodSymbol?>>(ComputeReachable, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol? WorkflowAttribute { get; }

    public INamedTypeSymbol? ActivityAttribute { get; }

    public INamedTypeSymbol? WorkflowContext { get; }

    public INamedTypeSymbol? RunAttribute { get; }

    public INamedTypeSymbol? SignalAttribute { get; }

    public INamedTypeSymbol? QueryAttribute { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>
    /// Returns the model of a compilation that references the Workflows SDK, or null when
    /// <c>Workflows.WorkflowAttribute</c> is absent, so that other projects pay nothing.
    /// </summary>
    public static WorkflowModel? TryGet(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName("Workflows.WorkflowAttribute") is null)
        {
            return null;
        }

        return s_cache.GetValue(compilation, s_factory);
    }

    /// <summary>True when the symbol is declared in the Workflows SDK (namespace or assembly <c>Workflows</c>).</summary>
    public static bool IsWorkflowsSdkSymbol(ISymbol? symbol)
    {
        if (symbol is null)
        {
            return false;
        }

        if (symbol.ContainingAssembly?.Name == "Workflows")
        {
            return true;
        }

        // Only the namespace itself: user code in Workflows.Samples.* is not part of the SDK.
        var ns = symbol as INamespaceSymbol ?? symbol.ContainingNamespace;
        return ns is { Name: "Workflows", ContainingNamespace.IsGlobalNamespace: true };
    }

    public bool IsWorkflowMethod(IMethodSymbol method) => HasAttribute(method, WorkflowAttribute);

    public bool IsActivityMethod(IMethodSymbol method) => HasAttribute(method, ActivityAttribute);

    /// <summary>The run method, a signal handler or a query method of a workflow class: workflow code like a [Workflow] method.</summary>
    public bool IsWorkflowClassMember(IMethodSymbol method)
        => HasAttribute(method, RunAttribute) || HasAttribute(method, SignalAttribute) || HasAttribute(method, QueryAttribute);

    private static bool HasAttribute(ISymbol method, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        foreach (var data in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decides whether the code at <paramref name="operation"/> is workflow code and, if so, returns
    /// the call chain from the workflow method to the method containing it (for example
    /// <c>OrderWorkflow → Helper</c>).
    /// </summary>
    public bool TryGetWorkflowChain(IOperation operation, ISymbol containingSymbol, out string chain)
    {
        chain = string.Empty;
        var method = GetDelegateRoot(operation) ?? GetReachableOwner(containingSymbol);
        if (method is null)
        {
            return false;
        }

        if (IsInsideExemptLambda(operation))
        {
            return false;
        }

        chain = _chains.GetOrAdd(method, BuildChain);
        return true;
    }

    /// <summary>
    /// The registered workflow lambda or local function around <paramref name="operation"/>, if any. The
    /// analysis context names the member around a lambda, not the lambda, so this walks the operation tree.
    /// </summary>
    private IMethodSymbol? GetDelegateRoot(IOperation operation)
    {
        _ = _reachable.Value;
        if (_delegateRoots.Count == 0)
        {
            return null;
        }

        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation && _delegateRoots.TryGetValue(current.Syntax, out var root))
            {
                return root;
            }
        }

        return null;
    }

    /// <summary>True when the method (or the method that contains a lambda or local function) is workflow code.</summary>
    public bool IsWorkflowCode(ISymbol? containingSymbol) => GetReachableOwner(containingSymbol) is not null;

    /// <summary>
    /// The reachable method that owns code in <paramref name="containingSymbol"/>: the method itself
    /// (or the method around a lambda or local function), or for an instance field or property
    /// initializer, a reachable constructor of its type; null when the code is not workflow code.
    /// </summary>
    private IMethodSymbol? GetReachableOwner(ISymbol? containingSymbol)
    {
        var reachable = _reachable.Value;
        if (containingSymbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false })
        {
            foreach (var constructor in containingSymbol.ContainingType.InstanceConstructors)
            {
                if (reachable.ContainsKey(constructor.OriginalDefinition))
                {
                    return constructor.OriginalDefinition;
                }
            }

            return null;
        }

        var method = GetOwningMethod(containingSymbol);
        return method is not null && reachable.ContainsKey(method) ? method : null;
    }

    /// <summary>
    /// The method whose body holds <paramref name="symbol"/>: a lambda or local function registered as a
    /// workflow stands for itself, any other lambda or local function for the method around it.
    /// </summary>
    private IMethodSymbol? GetOwningMethod(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } function)
        {
            if (_delegateRoots.Count > 0
                && function.DeclaringSyntaxReferences.Length == 1
                && _delegateRoots.TryGetValue(function.DeclaringSyntaxReferences[0].GetSyntax(), out var root))
            {
                return root;
            }

            symbol = symbol.ContainingSymbol;
        }

        return (symbol as IMethodSymbol)?.OriginalDefinition;
    }

    /// <summary>Formats a call chain ending in <paramref name="api"/>.</summary>
    public static string Chain(string chain, string api) => chain + " → " + api;

    private string BuildChain(IMethodSymbol method)
    {
        var names = new List<string>();
        var reachable = _reachable.Value;
        IMethodSymbol? current = method;
        var guard = 0;
        while (current is not null && guard++ < 1000)
        {
            names.Add(DisplayName(current));
            current = reachable.TryGetValue(current, out var parent) ? parent : null;
        }

        names.Reverse();
        var builder = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(" → ");
            }

            builder.Append(names[i]);
        }

        return builder.ToString();
    }

    private string DisplayName(IMethodSymbol method) => _rootNames.TryGetValue(method, out var name) ? name : method.MethodKind switch
    {
        MethodKind.Constructor => method.ContainingType.Name + ".ctor",
        MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
        _ => method.Name,
    };

    /// <summary>
    /// True when the operation sits inside a lambda passed to <c>SideEffectAsync</c>, whose result is
    /// recorded in history and which may therefore be non-deterministic, or inside <c>nameof</c>.
    /// </summary>
    public static bool IsInsideExemptLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            // nameof(DateTime.Now) only names the API; nothing runs.
            if (current is INameOfOperation || (current is IAnonymousFunctionOperation lambda && IsSideEffectArgument(lambda)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSideEffectArgument(IOperation lambda)
    {
        var parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && invocation.TargetMethod.Name.StartsWith("SideEffect", StringComparison.Ordinal)
            && IsWorkflowsSdkSymbol(invocation.TargetMethod.ContainingType);
    }

    private Dictionary<IMethodSymbol, IMethodSymbol?> ComputeReachable()
    {
        var sourceNames = new HashSet<string>(StringComparer.Ordinal);
        var roots = FindWorkflowMethods(sourceNames);
        FindRegisteredDelegates(roots);
        var parents = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        foreach (var root in roots)
        {
            if (!parents.ContainsKey(root))
            {
                parents.Add(root, null);
                queue.Enqueue(root);
            }
        }

        while (queue.Count > 0)
        {
            var method = queue.Dequeue();
            foreach (var callee in GetCallees(method, sourceNames))
            {
                if (parents.ContainsKey(callee) || IsActivityMethod(callee))
                {
                    continue;
                }

                parents.Add(callee, method);
                queue.Enqueue(callee);
            }
        }

        return parents;
    }

    /// <summary>
    /// One syntax pass over declarations (never into member bodies): returns the [Workflow] methods and
    /// fills <paramref name="sourceNames"/> with the names of the types, methods and properties
    /// declared in source, so that bodies are only bound where they may call into source.
    /// </summary>
    private List<IMethodSymbol> FindWorkflowMethods(HashSet<string> sourceNames)
    {
        var roots = new List<IMethodSymbol>();
        foreach (var tree in Compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            SemanticModel? model = null;
            foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case BaseTypeDeclarationSyntax type:
                        sourceNames.Add(type.Identifier.ValueText);
                        break;
                    case PropertyDeclarationSyntax property:
                        sourceNames.Add(property.Identifier.ValueText);

                        // A [WorkflowQuery] property of a workflow class is workflow code: its getter runs during replay.
                        if (property.AttributeLists.Count > 0 && MayBeWorkflowAttribute(property.AttributeLists))
                        {
#pragma warning disable RS1030 // As below.
                            model ??= Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                            if (model.GetDeclaredSymbol(property) is IPropertySymbol { GetMethod: { } getter } query && HasAttribute(query, QueryAttribute))
                            {
                                roots.Add(getter.OriginalDefinition);
                            }
                        }

                        break;
                    case MethodDeclarationSyntax declaration:
                        sourceNames.Add(declaration.Identifier.ValueText);
                        if (declaration.AttributeLists.Count == 0 || !MayBeWorkflowAttribute(declaration.AttributeLists))
                        {
                            break;
                        }

#pragma warning disable RS1030 // The call graph spans syntax trees; the driver's semantic model provider caches these models.
                        model ??= Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                        if (model.GetDeclaredSymbol(declaration) is IMethodSymbol method && (IsWorkflowMethod(method) || IsWorkflowClassMember(method)))
                        {
                            roots.Add(method.OriginalDefinition);
                        }

                        break;
                }
            }
        }

        return roots;
    }

    /// <summary>
    /// Adds the workflows registered as delegates, <c>registry.AddWorkflow("name", delegate)</c>: a method
    /// group becomes a root like a [Workflow] method; a lambda or local function becomes a root of its own,
    /// displayed under its registered name. Only files that mention <c>AddWorkflow</c> are walked.
    /// </summary>
    private void FindRegisteredDelegates(List<IMethodSymbol> roots)
    {
        var delegateRoots = new Dictionary<SyntaxNode, IMethodSymbol>();
        var rootNames = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var tree in Compilation.SyntaxTrees)
        {
            if (tree.GetText().ToString().IndexOf("AddWorkflow", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } invocation
                    || !(invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddWorkflow" } or IdentifierNameSyntax { Identifier.ValueText: "AddWorkflow" }))
                {
                    continue;
                }

#pragma warning disable RS1030 // See FindWorkflowMethods.
                model ??= Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { Parameters.Length: 2 } add
                    || add.ContainingType?.Name != "WorkflowRegistry"
                    || !IsWorkflowsSdkSymbol(add.ContainingType)
                    || add.Parameters[1].Type is not { Name: "Delegate", ContainingNamespace.Name: "System" })
                {
                    continue;
                }

                var argument = invocation.ArgumentList.Arguments[1].Expression;
                while (argument is CastExpressionSyntax or ParenthesizedExpressionSyntax)
                {
                    argument = argument is CastExpressionSyntax cast ? cast.Expression : ((ParenthesizedExpressionSyntax)argument).Expression;
                }

                var info = model.GetSymbolInfo(argument);
                var target = info.Symbol as IMethodSymbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] as IMethodSymbol : null);
                if (target is null)
                {
                    continue;
                }

                if (target.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction)
                {
                    var syntax = target.DeclaringSyntaxReferences.Length == 1 ? target.DeclaringSyntaxReferences[0].GetSyntax() : null;
                    if (syntax is null || delegateRoots.ContainsKey(syntax))
                    {
                        continue;
                    }

                    delegateRoots.Add(syntax, target);
                    var name = model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression) is { HasValue: true, Value: string text } ? text : "AddWorkflow";
                    rootNames[target] = target.MethodKind == MethodKind.LocalFunction ? target.Name : "workflow \"" + name + "\"";
                    roots.Add(target);
                }
                else if (target.DeclaringSyntaxReferences.Length > 0 && SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, Compilation.Assembly))
                {
                    roots.Add((target.ReducedFrom ?? target).OriginalDefinition);
                }
            }
        }

        _delegateRoots = delegateRoots;
        _rootNames = rootNames;
    }

    private static bool MayBeWorkflowAttribute(SyntaxList<AttributeListSyntax> attributeLists)
    {
        foreach (var list in attributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax q => q.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
                    SimpleNameSyntax s => s.Identifier.ValueText,
                    _ => string.Empty,
                };
                if (name is "Workflow" or "WorkflowAttribute" or "WorkflowRun" or "WorkflowRunAttribute" or "WorkflowSignal" or "WorkflowSignalAttribute" or "WorkflowQuery" or "WorkflowQueryAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The source methods, constructors and accessors that a method's body references. Only names
    /// declared in source are bound, so a body that calls nothing but the SDK and the BCL is never bound.
    /// Lambdas passed to SideEffectAsync are skipped.
    /// </summary>
    private List<IMethodSymbol> GetCallees(IMethodSymbol method, HashSet<string> sourceNames)
    {
        var callees = new List<IMethodSymbol>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax();
            if (node is TypeDeclarationSyntax type)
            {
                // A primary constructor: its body is the base constructor call; the members are not part of it.
                if (type.BaseList is null)
                {
                    continue;
                }

                node = type.BaseList;
            }

            SemanticModel? model = null;
            SemanticModel Model()
            {
#pragma warning disable RS1030 // See FindWorkflowMethods.
                return model ??= Compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            }

            foreach (var descendant in node.DescendantNodes(static n => !IsSideEffectLambda(n) && !IsNameOnly(n)))
            {
                switch (descendant)
                {
                    case SimpleNameSyntax name when sourceNames.Contains(name.Identifier.ValueText):
                        AddReferenced(Model().GetSymbolInfo(name), callees);
                        break;
                    case ObjectCreationExpressionSyntax creation when sourceNames.Contains(RightmostName(creation.Type)):
                    case ImplicitObjectCreationExpressionSyntax:
                    case ConstructorInitializerSyntax:
                    case PrimaryConstructorBaseTypeSyntax:
                        AddReferenced(Model().GetSymbolInfo(descendant), callees);
                        break;
                }
            }
        }

        return callees;
    }

    /// <summary>
    /// True for syntax that names members without calling them: <c>nameof(...)</c>, <c>typeof(...)</c>,
    /// attributes (their arguments are constants) and documentation comments. A method named there is
    /// not a callee, so its body is not workflow code on that account.
    /// </summary>
    internal static bool IsNameOnly(SyntaxNode node) => node switch
    {
        AttributeListSyntax or TypeOfExpressionSyntax or DocumentationCommentTriviaSyntax or CrefSyntax => true,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments.Count: 1 } => true,
        _ => false,
    };

    private static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => string.Empty,
    };

    private static bool IsSideEffectLambda(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } }
        && invocation.Expression switch
        {
            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => string.Empty,
        } is { } name
        && name.StartsWith("SideEffect", StringComparison.Ordinal);

    private void AddReferenced(SymbolInfo info, List<IMethodSymbol> callees)
    {
        var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        switch (symbol)
        {
            case IMethodSymbol method:
                AddCallee(method, callees);
                break;
            case IPropertySymbol property:
                if (property.GetMethod is { } getter)
                {
                    AddCallee(getter, callees);
                }

                if (property.SetMethod is { } setter)
                {
                    AddCallee(setter, callees);
                }

                break;
        }
    }

    private void AddCallee(IMethodSymbol target, List<IMethodSymbol> callees)
    {
        if (target.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            return;
        }

        target = target.ReducedFrom ?? target;
        target = target.PartialImplementationPart ?? target;
        target = target.OriginalDefinition;
        // Implicit constructors have no body but make their type's field initializers workflow code.
        if ((target.DeclaringSyntaxReferences.IsEmpty && !(target.MethodKind == MethodKind.Constructor && target.IsImplicitlyDeclared))
            || !SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, Compilation.Assembly)
            || IsWorkflowsSdkSymbol(target.ContainingType))
        {
            return;
        }

        callees.Add(target);
    }
}

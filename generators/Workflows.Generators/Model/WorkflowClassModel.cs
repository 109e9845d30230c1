namespace Workflows.Generators.Model;

/// <summary>Everything the emitter needs to know about one <c>[Workflow]</c> class.</summary>
/// <param name="Name">The registered (durable) name.</param>
/// <param name="StubName">The typed calls' base name (a valid identifier), or null when the name is not one.</param>
/// <param name="Type">The class.</param>
/// <param name="IsPublic">Whether the class and every type its members use are public, so the stubs and handles can be.</param>
/// <param name="RunMethodName">The <c>[WorkflowRun]</c> method.</param>
/// <param name="Parameters">The run method's inputs after the context.</param>
/// <param name="Result">The result type, or null when there is none.</param>
/// <param name="Signals">The signal handlers, in name order.</param>
/// <param name="Queries">The queries, in name order.</param>
internal sealed record WorkflowClassModel(
    string Name,
    string? StubName,
    DeclaringTypeModel Type,
    bool IsPublic,
    string RunMethodName,
    EquatableArray<ParameterModel> Parameters,
    TypeRef? Result,
    EquatableArray<SignalModel> Signals,
    EquatableArray<QueryModel> Queries)
{
    /// <summary>The generated factory method that builds the definition (one per class, so a fixed name).</summary>
    public const string DefinitionMethodName = "WorkflowClassDefinition";

    /// <summary>A deterministic, unique file name.</summary>
    public string HintName => (Type.Namespace.Length == 0 ? "" : Type.Namespace + ".") + Type.FlatName + ".WorkflowClass.g.cs";
}

/// <summary>A <c>[WorkflowSignal]</c> method.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="MethodName">The method (the typed stub is <c>Signal{MethodName}Async</c>).</param>
/// <param name="Parameter">The value parameter.</param>
/// <param name="IsAsync">Whether it returns a task.</param>
internal sealed record SignalModel(string Name, string MethodName, ParameterModel Parameter, bool IsAsync);

/// <summary>A <c>[WorkflowQuery]</c> property or method.</summary>
/// <param name="Name">The query name.</param>
/// <param name="MemberName">The member (the typed stub is <c>Query{MemberName}Async</c>).</param>
/// <param name="IsProperty">Whether it is a property.</param>
/// <param name="Parameters">A method's parameters.</param>
/// <param name="Result">The answer's type.</param>
internal sealed record QueryModel(string Name, string MemberName, bool IsProperty, EquatableArray<ParameterModel> Parameters, TypeRef Result);

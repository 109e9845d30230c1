using Microsoft.CodeAnalysis;

namespace Workflows.CodeAnalysis;

/// <summary>Why a <c>[Workflow]</c> or <c>[Activity]</c> method cannot get generated code.</summary>
internal enum DefinitionProblemKind
{
    /// <summary>A workflow whose first parameter is not <c>WorkflowContext</c>.</summary>
    MissingContext,

    /// <summary>A return type the runtime cannot await or record.</summary>
    InvalidReturnType,

    /// <summary>A generic method, or a method of a generic type.</summary>
    Generic,

    /// <summary>A parameter that cannot travel as a payload (ref/out/in, pointer, delegate, stream, ref struct, misplaced token).</summary>
    UnsupportedParameter,

    /// <summary>An empty name, or one that is not a valid identifier for a typed stub.</summary>
    InvalidName,

    /// <summary>The method, a containing type or a type in its signature is not reachable from the assembly's own code.</summary>
    Inaccessible,

    /// <summary>An instance workflow whose type cannot be created with a parameterless constructor.</summary>
    NoParameterlessConstructor,
}

/// <summary>One problem, with the symbol to report it on.</summary>
/// <param name="kind">What is wrong.</param>
/// <param name="target">The method or the parameter at fault.</param>
/// <param name="detail">A short phrase for the message (the type or parameter at fault).</param>
internal readonly struct DefinitionProblem(DefinitionProblemKind kind, ISymbol target, string detail)
{
    public DefinitionProblemKind Kind { get; } = kind;

    public ISymbol Target { get; } = target;

    public string Detail { get; } = detail;
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1019: hash codes that are randomized per process, read in workflow code: string.GetHashCode (every
/// overload, and string comparers), HashCode, RuntimeHelpers.GetHashCode and object.GetHashCode on a
/// reference type that does not override it. Implementations of GetHashCode are exempt: there the value
/// only feeds a hash table of the same process.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessHashCodeAnalyzer : ApiUsageAnalyzerBase
{
    private const string StableHash = "a stable hash of the value's bytes, such as 'SHA256.HashData(Encoding.UTF8.GetBytes(text))'";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ProcessHashCode);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.ProcessHashCode;
        var table = new ApiTable();
        table.Add(compilation, "System.String", "GetHashCode", d, StableHash, applies: static o => !IsInHashCodeImplementation(o));
        table.Add(compilation, "System.StringComparer", "GetHashCode", d, StableHash, applies: static o => o is IInvocationOperation { Arguments.Length: 1 } && !IsInHashCodeImplementation(o));
        table.Add(compilation, "System.HashCode", "Combine", d, StableHash, applies: static o => !IsInHashCodeImplementation(o));
        table.Add(compilation, "System.HashCode", "ToHashCode", d, StableHash, applies: static o => !IsInHashCodeImplementation(o));
        table.Add(compilation, "System.Runtime.CompilerServices.RuntimeHelpers", "GetHashCode", d, "an id from workflow input or 'ctx.NewGuid()'", applies: static o => !IsInHashCodeImplementation(o));
        table.Add(compilation, "System.Object", "GetHashCode", d, "an id from workflow input or 'ctx.NewGuid()'", applies: static o => IsIdentityHash(o) && !IsInHashCodeImplementation(o));
        table.Add(compilation, "System.Collections.Generic.EqualityComparer`1", "GetHashCode", d, StableHash, applies: static o => IsStringComparer(o) && !IsInHashCodeImplementation(o));
        return table;
    }

    /// <summary>object.GetHashCode itself (not an override) called on a class: the identity hash, new in every process.</summary>
    private static bool IsIdentityHash(IOperation operation)
    {
        if (operation is not IInvocationOperation { Instance: { } instance } invocation || invocation.TargetMethod.ContainingType.SpecialType != SpecialType.System_Object)
        {
            return false;
        }

        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance.Type is { IsReferenceType: true, SpecialType: not SpecialType.System_String } and not ITypeParameterSymbol;
    }

    private static bool IsStringComparer(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod.ContainingType.TypeArguments: { Length: 1 } arguments } && arguments[0].SpecialType == SpecialType.System_String;

    /// <summary>True inside a GetHashCode method, where a per-process hash only serves hash tables of that process.</summary>
    private static bool IsInHashCodeImplementation(IOperation operation)
    {
        var model = operation.SemanticModel;
        if (model is null)
        {
            return false;
        }

        for (var symbol = model.GetEnclosingSymbol(operation.Syntax.SpanStart); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            // Explicit interface implementations are named "IEqualityComparer<T>.GetHashCode".
            if (symbol is IMethodSymbol method && (method.Name == "GetHashCode" || method.Name.EndsWith(".GetHashCode", StringComparison.Ordinal)))
            {
                return true;
            }

            if (symbol is INamedTypeSymbol)
            {
                return false;
            }
        }

        return false;
    }
}

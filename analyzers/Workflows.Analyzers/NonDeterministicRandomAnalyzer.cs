using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1002: new GUIDs and unseeded or shared random numbers (Guid.NewGuid, Guid.CreateVersion7,
/// new Random(), Random.Shared, RandomNumberGenerator) in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDeterministicRandomAnalyzer : ApiUsageAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonDeterministicRandom);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.NonDeterministicRandom;
        var table = new ApiTable();
        table.Add(compilation, "System.Guid", "NewGuid", d, "ctx.NewGuid()", "{ctx}.NewGuid()");
        table.Add(compilation, "System.Guid", "CreateVersion7", d, "ctx.NewGuid()", "{ctx}.NewGuid()", static o => o is IInvocationOperation { Arguments.Length: 0 });
        table.Add(compilation, "System.Random", ApiTable.Constructor, d, "ctx.Random", "{ctx}.Random", static o => o is IObjectCreationOperation { Arguments.Length: 0 });
        table.Add(compilation, "System.Random", "Shared", d, "ctx.Random", "{ctx}.Random");
        table.Add(compilation, "System.Random", ApiTable.AnyMember, d, "ctx.Random", applies: static o => UsesStaticRandom(o));
        table.Add(compilation, "System.Security.Cryptography.RandomNumberGenerator", ApiTable.AnyMember, d, "ctx.Random", applies: static o => o is not IInvocationOperation { Instance: not null });
        return table;
    }

    /// <summary>
    /// True for a call on a <c>Random</c> kept in a static field or property of the project: it is
    /// seeded once per process and shared by all workflow runs, so its sequence differs on replay.
    /// (<c>Random.Shared</c> itself is reported where it is read.)
    /// </summary>
    private static bool UsesStaticRandom(IOperation operation)
    {
        if (operation is not IInvocationOperation { Instance: { } instance })
        {
            return false;
        }

        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance switch
        {
            IFieldReferenceOperation { Field.IsStatic: true } => true,
            IPropertyReferenceOperation { Property: { IsStatic: true } property } => property.Name != "Shared" || property.ContainingType.Name != "Random",
            _ => false,
        };
    }
}

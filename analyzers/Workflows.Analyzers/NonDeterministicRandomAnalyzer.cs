using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1002: every source of random bits in workflow code: new GUIDs (Guid.NewGuid, every Guid.CreateVersion7
/// overload), unseeded or shared random numbers (new Random(), Random.Shared, a static Random), every entry
/// point of RandomNumberGenerator and random file names (Path.GetRandomFileName).
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
        table.Add(compilation, "System.Guid", "NewGuid", d, "'ctx.NewGuid()'", "{ctx}.NewGuid()");

        // Every CreateVersion7 overload fills 74 bits at random; a given timestamp only fixes the other 48.
        table.Add(compilation, "System.Guid", "CreateVersion7", d, "'ctx.NewGuid()'");
        if (compilation.GetTypeByMetadataName("System.Guid") is { } guid)
        {
            foreach (var member in guid.GetMembers("CreateVersion7"))
            {
                if (member is IMethodSymbol { Parameters.Length: 0 })
                {
                    table.AddSymbol(member, new ApiEntry(d, "'ctx.NewGuid()'", "{ctx}.NewGuid()", null));
                }
            }
        }

        table.Add(compilation, "System.Random", ApiTable.Constructor, d, "'ctx.Random'", "{ctx}.Random", static o => o is IObjectCreationOperation { Arguments.Length: 0 });
        table.Add(compilation, "System.Random", "Shared", d, "'ctx.Random'", "{ctx}.Random");
        table.Add(compilation, "System.Random", ApiTable.AnyMember, d, "'ctx.Random'", applies: static o => UsesStaticRandom(o));
        table.Add(compilation, "System.Security.Cryptography.RandomNumberGenerator", ApiTable.AnyMember, d, "'ctx.Random'", applies: static o => !IsCallOnLocalGenerator(o));
        table.Add(compilation, "System.IO.Path", "GetRandomFileName", d, "'ctx.NewGuid().ToString(\"N\")'", "{ctx}.NewGuid().ToString(\"N\")");
        return table;
    }

    /// <summary>
    /// True for a call on a generator held in a local: the call that created it (RandomNumberGenerator.Create)
    /// is reported already. Calls on a generator from a field, property or parameter are reported, since
    /// its creation is out of sight.
    /// </summary>
    private static bool IsCallOnLocalGenerator(IOperation operation)
    {
        if (operation is not IInvocationOperation { Instance: { } instance })
        {
            return false;
        }

        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance is ILocalReferenceOperation or IInvocationOperation or IObjectCreationOperation;
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

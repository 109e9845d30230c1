using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Workflows.Analyzers;

/// <summary>
/// WF1001: reading the system clock (DateTime.Now, DateTimeOffset.UtcNow, TimeProvider,
/// Stopwatch, Environment.TickCount) in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDeterministicTimeAnalyzer : ApiUsageAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonDeterministicTime);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.NonDeterministicTime;
        var table = new ApiTable();
        table.Add(compilation, "System.DateTime", "Now", d, "'ctx.Now.UtcDateTime'", "{ctx}.Now.UtcDateTime");
        table.Add(compilation, "System.DateTime", "UtcNow", d, "'ctx.Now.UtcDateTime'", "{ctx}.Now.UtcDateTime");
        table.Add(compilation, "System.DateTime", "Today", d, "'ctx.Now.UtcDateTime.Date'", "{ctx}.Now.UtcDateTime.Date");
        table.Add(compilation, "System.DateTimeOffset", "Now", d, "'ctx.Now'", "{ctx}.Now");
        table.Add(compilation, "System.DateTimeOffset", "UtcNow", d, "'ctx.Now'", "{ctx}.Now");
        table.Add(compilation, "System.TimeProvider", "System", d, "'ctx.Now'");
        table.Add(compilation, "System.TimeProvider", "GetUtcNow", d, "'ctx.Now'", "{ctx}.Now");
        table.Add(compilation, "System.TimeProvider", "GetLocalNow", d, "'ctx.Now'", "{ctx}.Now");
        table.Add(compilation, "System.TimeProvider", "GetTimestamp", d, "two readings of 'ctx.Now' subtracted");
        table.Add(compilation, "System.TimeProvider", "GetElapsedTime", d, "two readings of 'ctx.Now' subtracted");
        table.Add(compilation, "System.Diagnostics.Stopwatch", ApiTable.AnyMember, d, "two readings of 'ctx.Now' subtracted");
        table.Add(compilation, "System.Environment", "TickCount", d, "'ctx.Now'");
        table.Add(compilation, "System.Environment", "TickCount64", d, "'ctx.Now'");
        return table;
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1004: work scheduled outside the workflow scheduler (Task.Run, Task.Factory.StartNew,
/// new Thread, ThreadPool, Parallel, PLINQ, ContinueWith, Task.Start) in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadPoolSchedulingAnalyzer : ApiUsageAnalyzerBase
{
    /// <summary>Fix template marker: rewrite Task.Run(lambda) into ctx.Go(_ => lambda body).</summary>
    internal const string GoFix = "go";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ThreadPoolScheduling);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.ThreadPoolScheduling;
        var table = new ApiTable();
        table.Add(compilation, "System.Threading.Tasks.Task", "Run", d, "'ctx.Go'", GoFix, static o => o is IInvocationOperation);
        table.Add(compilation, "System.Threading.Tasks.Task", "Start", d, "'ctx.Go'");
        table.Add(compilation, "System.Threading.Tasks.Task", "ContinueWith", d, "'await' followed by the continuation, or 'ctx.Go'");
        table.Add(compilation, "System.Threading.Tasks.Task`1", "ContinueWith", d, "'await' followed by the continuation, or 'ctx.Go'");
        table.Add(compilation, "System.Threading.Tasks.TaskFactory", "StartNew", d, "'ctx.Go'");
        table.Add(compilation, "System.Threading.Tasks.TaskFactory`1", "StartNew", d, "'ctx.Go'");
        table.Add(compilation, "System.Threading.Thread", ApiTable.Constructor, d, "'ctx.Go'");
        table.Add(compilation, "System.Threading.ThreadPool", ApiTable.AnyMember, d, "'ctx.Go'");
        table.Add(compilation, "System.Threading.Tasks.Parallel", ApiTable.AnyMember, d, "'ctx.Go' and 'ctx.WhenAll'");
        table.Add(compilation, "System.Linq.ParallelEnumerable", "AsParallel", d, "sequential LINQ, or 'ctx.Go' and 'ctx.WhenAll'");
        return table;
    }
}

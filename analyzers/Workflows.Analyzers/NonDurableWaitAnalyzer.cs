using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1003: in-process waits (Task.Delay, Thread.Sleep, .NET timers, Task.WaitAsync with a timeout,
/// CancellationTokenSource with a timeout, CancelAfter, CancelAsync) in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDurableWaitAnalyzer : ApiUsageAnalyzerBase
{
    /// <summary>Fix template marker: rewrite Task.Delay into ctx.DelayAsync.</summary>
    internal const string DelayFix = "delay";

    /// <summary>Fix template marker: rewrite a Thread.Sleep statement in async code into await ctx.DelayAsync.</summary>
    internal const string SleepFix = "sleep";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonDurableWait);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.NonDurableWait;
        var table = new ApiTable();
        table.Add(compilation, "System.Threading.Tasks.Task", "Delay", d, "'ctx.DelayAsync'", DelayFix);
        table.Add(compilation, "System.Threading.Tasks.Task", "WaitAsync", d, "a durable timer raced with 'ctx.WhenAny'", applies: static o => HasTimeArgument(o));
        table.Add(compilation, "System.Threading.Tasks.Task`1", "WaitAsync", d, "a durable timer raced with 'ctx.WhenAny'", applies: static o => HasTimeArgument(o));
        table.Add(compilation, "System.Threading.Thread", "Sleep", d, "'ctx.DelayAsync'", SleepFix);
        table.Add(compilation, "System.Threading.Timer", ApiTable.Constructor, d, "'ctx.DelayAsync'");
        table.Add(compilation, "System.Timers.Timer", ApiTable.Constructor, d, "'ctx.DelayAsync'");
        table.Add(compilation, "System.Threading.PeriodicTimer", ApiTable.Constructor, d, "'ctx.DelayAsync' in a loop");
        table.Add(compilation, "System.Threading.CancellationTokenSource", ApiTable.Constructor, d, "a durable timer ('ctx.DelayAsync') that cancels the source", applies: static o => o is IObjectCreationOperation { Arguments.Length: > 0 });
        table.Add(compilation, "System.Threading.CancellationTokenSource", "CancelAfter", d, "a durable timer ('ctx.DelayAsync') that calls 'Cancel()'");
        table.Add(compilation, "System.Threading.CancellationTokenSource", "CancelAsync", d, "'Cancel()'");
        return table;
    }

    private static bool HasTimeArgument(IOperation operation)
    {
        if (operation is not IInvocationOperation invocation)
        {
            return false;
        }

        foreach (var parameter in invocation.TargetMethod.Parameters)
        {
            if (parameter.Type.Name is "TimeSpan" or "TimeProvider")
            {
                return true;
            }
        }

        return false;
    }
}

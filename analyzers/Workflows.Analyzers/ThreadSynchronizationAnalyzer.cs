using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1009: lock statements, Monitor, SemaphoreSlim, Mutex and the other thread synchronization
/// primitives, and System.Threading.Channels, in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadSynchronizationAnalyzer : ApiUsageAnalyzerBase
{
    private const string Channels = "'ctx.NewChannel<T>()'";
    private const string Coroutines = "plain code (workflow coroutines never run in parallel) or 'ctx.NewChannel<T>()'";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ThreadSynchronization);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.ThreadSynchronization;
        var table = new ApiTable();
        foreach (var type in new[]
        {
            "System.Threading.Monitor", "System.Threading.SemaphoreSlim", "System.Threading.Semaphore", "System.Threading.Mutex",
            "System.Threading.ReaderWriterLockSlim", "System.Threading.ReaderWriterLock", "System.Threading.ManualResetEvent",
            "System.Threading.ManualResetEventSlim", "System.Threading.AutoResetEvent", "System.Threading.CountdownEvent",
            "System.Threading.Barrier", "System.Threading.SpinLock", "System.Threading.Lock",
            "System.Threading.EventWaitHandle",
        })
        {
            table.Add(compilation, type, ApiTable.AnyMember, d, Coroutines);
        }

        table.Add(compilation, "System.Threading.Channels.Channel", ApiTable.AnyMember, d, Channels);
        table.Add(compilation, "System.Threading.Channels.ChannelReader`1", ApiTable.AnyMember, d, Channels);
        table.Add(compilation, "System.Threading.Channels.ChannelWriter`1", ApiTable.AnyMember, d, Channels);
        return table;
    }

    private protected override void OnTableReady(CompilationStartAnalysisContext context, WorkflowModel model, ApiTable table)
    {
        context.RegisterOperationAction(
            c =>
            {
                var statement = (ILockOperation)c.Operation;
                var location = statement.Syntax is LockStatementSyntax syntax ? syntax.LockKeyword.GetLocation() : statement.Syntax.GetLocation();
                ReportIfWorkflowCode(c, model, Descriptors.ThreadSynchronization, statement, location, "lock", Coroutines);
            },
            OperationKind.Lock);
    }
}

using Workflows.Backends;
using Workflows.History;

namespace Workflows.Worker;

/// <summary>Activities every worker runs for the runtime itself, under reserved names.</summary>
internal static class BuiltInActivities
{
    /// <summary>Delivers a signal from a workflow to another instance.</summary>
    public const string SignalWorkflow = "Workflows.SignalWorkflow";

    public static ActivityDefinition SignalWorkflowDefinition(IBackend backend, TimeProvider clock) => new(
        SignalWorkflow,
        async (args, ct) =>
        {
            args.ExpectCount(3);
            string instanceId = args.Get<string>(0);
            string name = args.Get<string>(1);
            string? payload = args.Get<string?>(2);
            var context = ActivityContext.Current;

            // The idempotency key makes a re-run of this activity (after a lost lease) deliver the signal once.
            await backend.SignalWorkflowAsync(instanceId, HistoryEvent.Create(clock.GetUtcNow(), new SignalReceivedAttributes(name, payload)), context?.IdempotencyKey, ct).ConfigureAwait(false);
            return null;
        },
        ResultType: null);
}

/// <summary>Workflows every worker runs for the runtime itself, under reserved names (after the registered ones).</summary>
internal static class BuiltInWorkflows
{
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkflowDefinition? definition)
    {
        definition = name == AutoExpiration.WorkflowName ? AutoExpiration.Workflow : null;
        return definition is not null;
    }
}

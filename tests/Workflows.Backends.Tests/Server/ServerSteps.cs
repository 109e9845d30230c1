using Workflows.History;

namespace Workflows.Backends.Tests.Server;

/// <summary>The workflow steps the server-backend tests drive by hand: a started instance, a task that schedules one activity, a fused step ready to commit.</summary>
internal static class ServerSteps
{
    public static readonly string[] Queues = ["default"];

    /// <summary>Creates instance <paramref name="id"/> (execution <c>e1</c>) and claims its first workflow task.</summary>
    public static async Task<WorkflowTask> StartAndClaimAsync(IBackend backend, string id)
    {
        var started = HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null));
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance(id, "e1"), started, null);
        return await backend.GetWorkflowTaskAsync(Queues) ?? throw new Xunit.Sdk.XunitException("nothing to claim");
    }

    /// <summary>The completion of <paramref name="task"/> that consumes its new events and schedules one activity.</summary>
    public static WorkflowTaskCompletion ScheduleActivity(WorkflowTask task)
    {
        var scheduled = HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityScheduledAttributes("act", "default", ["1"]), 1);
        var executed = new List<HistoryEvent> { HistoryEvent.Create(DateTimeOffset.UtcNow, new WorkflowTaskStartedAttributes()) };
        executed.AddRange(task.NewEvents);
        executed.Add(scheduled);
        return new WorkflowTaskCompletion
        {
            Status = WorkflowStatus.Running,
            ExecutedEvents = executed.Select((e, i) => e with { SequenceId = task.LastSequenceId + 1 + i }).ToList(),
            ConsumedEventIds = task.NewEvents.Select(e => e.Id).ToList(),
            Activities = [scheduled],
        };
    }

    /// <summary>
    /// Instance <paramref name="id"/> with one activity claimed eagerly, and what a worker that ran ahead on its result
    /// would commit in a fused step: the result and the workflow task that schedules the next activity.
    /// </summary>
    public static async Task<FusedStep> FusedStepAsync<TBackend>(TBackend backend, string id)
        where TBackend : IBackend, IEagerDispatchBackend
    {
        var task = await StartAndClaimAsync(backend, id);
        var first = ScheduleActivity(task);
        var activity = Xunit.Assert.Single(await backend.CompleteWorkflowTaskAsync(task, first, Queues, maxActivities: 1));
        long last = task.LastSequenceId + first.ExecutedEvents.Count;
        var result = HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1);
        var ranAhead = ScheduleActivity(new WorkflowTask(task.Instance, "", "wf", "default", last, [result]));
        return new FusedStep(task.Instance, activity, last, result, ranAhead);
    }

    public sealed record FusedStep(WorkflowInstance Instance, ActivityTask Activity, long LastSequenceId, HistoryEvent Result, WorkflowTaskCompletion RanAhead);
}

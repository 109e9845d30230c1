using Microsoft.Extensions.Time.Testing;
using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

/// <summary>
/// The <see cref="IBackend"/> contract, written once and run against every backend. Time is a fake clock, so
/// lease expiry and timer visibility are exact and nothing waits on the machine's speed.
/// </summary>
public abstract partial class BackendConformanceTests : IAsyncLifetime
{
    protected const string Queue = "default";

    protected static readonly string[] DefaultQueues = [Queue];

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected BackendOptions Options => new()
    {
        WorkflowLockTimeout = TimeSpan.FromMinutes(1),
        ActivityLockTimeout = TimeSpan.FromMinutes(2),
        TimeProvider = Clock,
    };

    protected IBackend Backend { get; private set; } = null!;

    /// <summary>Creates a fresh, empty backend for one test, on the given options.</summary>
    protected abstract Task<IBackend> CreateBackendAsync(BackendOptions options);

    public async Task InitializeAsync() => Backend = await CreateBackendAsync(Options);

    public virtual async Task DisposeAsync() => await Backend.DisposeAsync();

    // ---- helpers ---------------------------------------------------------------------------------------------

    protected HistoryEvent StartedEvent(string name = "wf", string queue = Queue, ParentReference? parent = null)
        => HistoryEvent.Create(Clock.GetUtcNow(), new ExecutionStartedAttributes(name, queue, ["\"input\""], parent));

    protected async Task<WorkflowInstance> CreateAsync(string instanceId, string queue = Queue, WorkflowMetadata? metadata = null)
    {
        var instance = new WorkflowInstance(instanceId, Guid.NewGuid().ToString("N"));
        await Backend.CreateWorkflowInstanceAsync(instance, StartedEvent(queue: queue), metadata);
        return instance;
    }

    protected Task<WorkflowTask?> ClaimAsync(params string[] queues) => Backend.GetWorkflowTaskAsync(queues.Length == 0 ? DefaultQueues : queues);

    protected async Task<WorkflowTask> ClaimRequiredAsync(params string[] queues)
        => await ClaimAsync(queues) ?? throw new Xunit.Sdk.XunitException("Expected a claimable workflow task.");

    /// <summary>
    /// What a worker commits for <paramref name="task"/>: a WorkflowTaskStarted event, the task's new events and
    /// the <paramref name="produced"/> command events, numbered from the task's last sequence id.
    /// </summary>
    protected WorkflowTaskCompletion Completion(
        WorkflowTask task,
        WorkflowStatus status = WorkflowStatus.Running,
        IReadOnlyList<HistoryEvent>? produced = null,
        IReadOnlyList<HistoryEvent>? activities = null,
        IReadOnlyList<HistoryEvent>? timers = null,
        IReadOnlyList<long>? canceledTimers = null,
        IReadOnlyList<OutgoingEvent>? outgoing = null,
        string? result = null)
    {
        var executed = new List<HistoryEvent> { HistoryEvent.Create(Clock.GetUtcNow(), new WorkflowTaskStartedAttributes()) };
        executed.AddRange(task.NewEvents);
        executed.AddRange(produced ?? []);
        executed.AddRange(activities ?? []);
        if (status.IsFinished())
        {
            executed.Add(HistoryEvent.Create(Clock.GetUtcNow(), new ExecutionFinishedAttributes(result, null)));
        }

        for (int i = 0; i < executed.Count; i++)
        {
            executed[i] = executed[i] with { SequenceId = task.LastSequenceId + 1 + i };
        }

        return new WorkflowTaskCompletion
        {
            Status = status,
            ExecutedEvents = executed,
            ConsumedEventIds = task.NewEvents.Select(e => e.Id).ToList(),
            Activities = activities ?? [],
            Timers = timers ?? [],
            CanceledTimers = canceledTimers ?? [],
            OutgoingEvents = outgoing ?? [],
            Result = result,
        };
    }

    protected HistoryEvent ActivityScheduled(long scheduleEventId, string queue = Queue, string name = "act")
        => HistoryEvent.Create(Clock.GetUtcNow(), new ActivityScheduledAttributes(name, queue, ["1"]), scheduleEventId);

    protected HistoryEvent ActivityCompleted(ActivityTask task, string result = "42")
        => HistoryEvent.Create(Clock.GetUtcNow(), new ActivityCompletedAttributes(result), task.ScheduledEvent.ScheduleEventId);

    protected HistoryEvent Signal(string name = "sig", string value = "\"v\"")
        => HistoryEvent.Create(Clock.GetUtcNow(), new SignalReceivedAttributes(name, value));

    /// <summary>Runs the first workflow task of a new instance, scheduling one activity on <paramref name="queue"/>.</summary>
    protected async Task<WorkflowInstance> CreateWithActivityAsync(string instanceId, string queue = Queue)
    {
        var instance = await CreateAsync(instanceId);
        var task = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, activities: [ActivityScheduled(1, queue)]));
        return instance;
    }

    /// <summary>Runs a workflow task that finishes the instance.</summary>
    protected async Task FinishAsync(WorkflowInstance instance, string result = "\"done\"")
    {
        var task = await ClaimRequiredAsync();
        Assert.Equal(instance, task.Instance);
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, WorkflowStatus.Completed, result: result));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Backends;
using Workflows.History;
using Workflows.Runtime;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

/// <summary>Builds histories by hand and runs executors on them, without a backend or a worker.</summary>
internal sealed class ExecutorHarness(WorkflowRegistry registry)
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public WorkflowInstance Instance { get; } = new("instance-1", "execution-1");

    public List<HistoryEvent> History { get; } = [];

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(T0);

    public WorkflowExecutor NewExecutor(IPayloadConverter? converter = null) => new(Instance, registry, converter ?? JsonPayloadConverter.Default, NullLogger.Instance, Clock);

    /// <summary>Appends a recorded event with the next sequence id.</summary>
    public ExecutorHarness Add(EventAttributes attributes, long scheduleEventId = 0)
    {
        History.Add(new HistoryEvent(Guid.NewGuid().ToString("N"), History.Count + 1, T0, scheduleEventId, attributes));
        return this;
    }

    public ExecutorHarness TaskStarted() => Add(new WorkflowTaskStartedAttributes());

    public ExecutorHarness Started(string name, params string?[] inputs) => Add(new ExecutionStartedAttributes(name, "default", inputs));

    public static HistoryEvent Pending(EventAttributes attributes, long scheduleEventId = 0) => HistoryEvent.Create(T0, attributes, scheduleEventId);

    /// <summary>Runs a workflow task on <paramref name="executor"/>: the recorded history (unless it is a cached executor) and then <paramref name="newEvents"/>.</summary>
    public WorkflowTaskCompletion Run(WorkflowExecutor executor, bool replayHistory, params HistoryEvent[] newEvents)
    {
        var task = new WorkflowTask(Instance, "token", "W", "default", History.Count, newEvents);
        var completion = executor.Execute(task, replayHistory ? History : []);
        History.AddRange(completion.ExecutedEvents);
        return completion;
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using SpanContext = System.Diagnostics.ActivityContext;

namespace Workflows.Diagnostics;

/// <summary>
/// The source, the meter and its instruments, and the trace-context plumbing shared by client, worker and executor.
/// Instruments are created once per process: a <see cref="Meter"/> is meant to be static, and a listener that
/// subscribes late still sees every instrument.
/// </summary>
internal static class Telemetry
{
    public static readonly ActivitySource Source = new(WorkflowsTelemetry.SourceName, WorkflowsTelemetry.Version);
    public static readonly Meter Meter = new(WorkflowsTelemetry.MeterName, WorkflowsTelemetry.Version);

    public static readonly Counter<long> WorkflowsStarted = Meter.CreateCounter<long>("workflows.workflow.started", "{workflow}", "Executions created: client starts, sub-workflows and continue-as-new.");
    public static readonly Counter<long> WorkflowsCompleted = Meter.CreateCounter<long>("workflows.workflow.completed", "{workflow}", "Executions that returned a result.");
    public static readonly Counter<long> WorkflowsFailed = Meter.CreateCounter<long>("workflows.workflow.failed", "{workflow}", "Executions that ended with an error.");
    public static readonly Counter<long> WorkflowsCanceled = Meter.CreateCounter<long>("workflows.workflow.canceled", "{workflow}", "Executions that ended by cancellation.");
    public static readonly Counter<long> WorkflowsContinuedAsNew = Meter.CreateCounter<long>("workflows.workflow.continued_as_new", "{workflow}", "Executions that continued as a new execution.");
    public static readonly Counter<long> WorkflowsTerminated = Meter.CreateCounter<long>("workflows.workflow.terminated", "{workflow}", "Terminate calls made through a client.");
    public static readonly Histogram<double> WorkflowTaskDuration = Meter.CreateHistogram<double>("workflows.workflow_task.duration", "s", "Time to run one workflow task (replay included), before its commit.");
    public static readonly Histogram<long> WorkflowTaskReplayLength = Meter.CreateHistogram<long>("workflows.workflow_task.replay_length", "{event}", "History events replayed before a workflow task could run (0 when the executor was cached).");
    public static readonly Counter<long> WorkflowTaskFailures = Meter.CreateCounter<long>("workflows.workflow_task.failures", "{task}", "Workflow tasks that could not commit (non-determinism, runtime violation, unreadable history).");
    public static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>("workflows.activity.duration", "s", "Time one activity attempt ran on a worker.");
    public static readonly Histogram<double> ActivityScheduleToStart = Meter.CreateHistogram<double>("workflows.activity.schedule_to_start", "s", "Time from an activity's scheduling to the start of its attempt on a worker.");
    public static readonly Counter<long> ActivityFailures = Meter.CreateCounter<long>("workflows.activity.failures", "{attempt}", "Activity attempts that failed (including timeouts).");
    public static readonly Counter<long> ActivityRetries = Meter.CreateCounter<long>("workflows.activity.retries", "{attempt}", "Activity attempts after the first, as scheduled by workflows.");
    public static readonly Counter<long> SignalsSkipped = Meter.CreateCounter<long>("workflows.signal.undecodable", "{signal}", "Signals skipped by ctx.Signals<T> because their value did not decode as T.");
    public static readonly Counter<long> LeaseLosses = Meter.CreateCounter<long>("workflows.lease.lost", "{lease}", "Tasks whose lease was lost before their result committed.");
    public static readonly Counter<long> ExecutorCacheHits = Meter.CreateCounter<long>("workflows.executor_cache.hits", "{task}", "Workflow tasks that continued on a cached executor.");
    public static readonly Counter<long> ExecutorCacheMisses = Meter.CreateCounter<long>("workflows.executor_cache.misses", "{task}", "Workflow tasks that had to replay the history.");
    public static readonly Counter<long> ExecutorCacheEvictions = Meter.CreateCounter<long>("workflows.executor_cache.evictions", "{executor}", "Cached executors dropped before their instance finished, by reason (capacity, idle, stale).");
    public static readonly Histogram<long> CommitEvents = Meter.CreateHistogram<long>("workflows.backend.commit.events", "{event}", "History events one workflow-task commit appended.");
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("workflows.backend.commit.duration", "s", "Time a workflow-task commit took in the backend, retries included.");

    public static readonly ObservableGauge<long> PendingWorkflowTasks = Meter.CreateObservableGauge("workflows.workflow_task.pending", BacklogGauges.ObserveWorkflowTasks, "{task}", "Instances with a workflow task ready to run, per queue, as of the last backlog read.");
    public static readonly ObservableGauge<long> PendingActivityTasks = Meter.CreateObservableGauge("workflows.activity_task.pending", BacklogGauges.ObserveActivityTasks, "{task}", "Activity tasks waiting or running, per queue, as of the last backlog read.");

    public static readonly KeyValuePair<string, object?>[] NoTags = [];

    public static KeyValuePair<string, object?> WorkflowTag(string name) => new("workflows.workflow.name", name);

    public static KeyValuePair<string, object?> ActivityTag(string name) => new("workflows.activity.name", name);

    /// <summary>
    /// The span context <paramref name="headers"/> carry, or default when they carry none (the span becomes a root,
    /// or the child of <see cref="Activity.Current"/>).
    /// </summary>
    public static SpanContext ParentOf(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null || !headers.ContainsKey(WorkflowsTelemetry.TraceParentKey))
        {
            return default;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, Get, out string? traceParent, out string? traceState);
        return SpanContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    /// <summary>Copies the baggage <paramref name="headers"/> carry onto <paramref name="span"/>.</summary>
    public static void AddBaggage(Activity? span, IReadOnlyDictionary<string, string>? headers)
    {
        if (span is null || headers is null || !headers.ContainsKey(WorkflowsTelemetry.BaggageKey))
        {
            return;
        }

        if (DistributedContextPropagator.Current.ExtractBaggage(headers, Get) is { } baggage)
        {
            foreach (var (key, value) in baggage)
            {
                span.AddBaggage(key, value);
            }
        }
    }

    /// <summary>
    /// <paramref name="headers"/> with their trace context replaced by <paramref name="span"/>'s; unchanged when there
    /// is no span (nobody listens), so the trace still flows on from the caller. Null when empty, so histories of
    /// applications that neither trace nor propagate carry nothing extra.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? WithTraceContext(IReadOnlyDictionary<string, string>? headers, Activity? span)
    {
        if (span is null)
        {
            return headers is { Count: > 0 } ? headers : null;
        }

        var result = headers is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(headers, StringComparer.Ordinal);
        result.Remove(WorkflowsTelemetry.TraceParentKey);
        result.Remove(WorkflowsTelemetry.TraceStateKey);
        result.Remove(WorkflowsTelemetry.BaggageKey);
        DistributedContextPropagator.Current.Inject(span, result, Set);
        return result.Count > 0 ? result : null;
    }

    /// <summary>Two layers of headers, the second winning; null when both are empty.</summary>
    public static IReadOnlyDictionary<string, string>? Merge(IReadOnlyDictionary<string, string>? first, IReadOnlyDictionary<string, string>? second)
    {
        if (second is not { Count: > 0 })
        {
            return first is { Count: > 0 } ? first : null;
        }

        if (first is not { Count: > 0 })
        {
            return second;
        }

        var result = new Dictionary<string, string>(first, StringComparer.Ordinal);
        foreach (var (key, value) in second)
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>Marks a span failed; returns false so it can sit in an exception filter without catching.</summary>
    public static bool Failed(Activity? span, Exception exception)
    {
        if (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, exception.Message);
            span.AddException(exception);
        }

        return false;
    }

    private static void Get(object? carrier, string fieldName, out string? fieldValue, out IEnumerable<string>? fieldValues)
    {
        fieldValues = null;
        fieldValue = carrier is IReadOnlyDictionary<string, string> headers && headers.TryGetValue(fieldName, out var value) ? value : null;
    }

    private static void Set(object? carrier, string fieldName, string fieldValue)
    {
        if (carrier is Dictionary<string, string> headers)
        {
            headers[fieldName] = fieldValue;
        }
    }
}

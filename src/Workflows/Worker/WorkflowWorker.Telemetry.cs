using System.Diagnostics;
using Workflows.Backends;
using Workflows.Diagnostics;
using Workflows.History;

namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    private static readonly IReadOnlyDictionary<string, string> s_noHeaders = new Dictionary<string, string>();

    /// <summary>
    /// Starts an activity attempt's span, the child of the span that scheduled it (its context is recorded with the
    /// scheduled event, so any worker process continues the trace), and makes the propagated values ambient.
    /// </summary>
    private ActivityRun BeginActivity(ActivityTask task)
    {
        var attributes = task.Attributes;
        var headers = attributes.Headers ?? s_noHeaders;
        var tag = Telemetry.ActivityTag(attributes.Name);
        Telemetry.ActivityScheduleToStart.Record(Math.Max(0, (Clock.GetUtcNow() - task.ScheduledEvent.Timestamp).TotalSeconds), tag);
        var span = Telemetry.Source.StartActivity($"RunActivity {attributes.Name}", ActivityKind.Consumer, Telemetry.ParentOf(headers));
        if (span is not null)
        {
            span.SetTag("workflows.activity.name", attributes.Name);
            span.SetTag("workflows.activity.attempt", attributes.Attempt);
            span.SetTag("workflows.instance.id", task.Instance.InstanceId);
            Telemetry.AddBaggage(span, headers);
        }

        List<IDisposable>? restored = null;
        foreach (var propagator in Options.ContextPropagators)
        {
            if (propagator.Restore(headers) is { } undo)
            {
                (restored ??= []).Add(undo);
            }
        }

        return new ActivityRun(attributes.Name, headers, span, restored, Stopwatch.GetTimestamp());
    }

    /// <summary>Ends the attempt's span and records its metrics; a null result means it was handed back unfinished.</summary>
    private static void EndActivity(ActivityRun run, HistoryEvent? result)
    {
        var tag = Telemetry.ActivityTag(run.Name);
        Telemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(run.StartTimestamp).TotalSeconds, tag);
        if (result?.Attributes is ActivityFailedAttributes failed)
        {
            Telemetry.ActivityFailures.Add(1, tag);
            run.Span?.SetStatus(ActivityStatusCode.Error, failed.Error.Message);
        }

        if (run.Restored is not null)
        {
            for (int i = run.Restored.Count - 1; i >= 0; i--)
            {
                run.Restored[i].Dispose();
            }
        }

        run.Span?.Dispose();
    }

    /// <summary>Records a committed workflow task: its commit's duration and size, and what it started and ended.</summary>
    private static void RecordCommitted(WorkflowTaskCompletion completion, string workflowName, long commitStarted)
    {
        Telemetry.CommitDuration.Record(Stopwatch.GetElapsedTime(commitStarted).TotalSeconds);
        Telemetry.CommitEvents.Record(completion.ExecutedEvents.Count, Telemetry.WorkflowTag(workflowName));
        for (int i = 0; i < completion.OutgoingEvents.Count; i++)
        {
            var outgoing = completion.OutgoingEvents[i];
            if (outgoing.Event.Attributes is ExecutionStartedAttributes started)
            {
                Telemetry.WorkflowsStarted.Add(1, Telemetry.WorkflowTag(started.Name));
            }
        }

        var counter = completion.Status switch
        {
            WorkflowStatus.Completed => Telemetry.WorkflowsCompleted,
            WorkflowStatus.Failed => Telemetry.WorkflowsFailed,
            WorkflowStatus.Canceled => Telemetry.WorkflowsCanceled,
            WorkflowStatus.ContinuedAsNew => Telemetry.WorkflowsContinuedAsNew,
            _ => null,
        };
        counter?.Add(1, Telemetry.WorkflowTag(workflowName));
    }

    // A task that replays nothing continued on a cached executor (or started a new instance, which has nothing to replay).
    private void CountCacheUse(int replayed)
    {
        if (_cache is not null)
        {
            (replayed == 0 ? Telemetry.ExecutorCacheHits : Telemetry.ExecutorCacheMisses).Add(1);
        }
    }

    private sealed record ActivityRun(string Name, IReadOnlyDictionary<string, string> Headers, Activity? Span, List<IDisposable>? Restored, long StartTimestamp);
}

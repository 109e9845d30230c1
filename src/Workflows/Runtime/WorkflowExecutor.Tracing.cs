using System.Diagnostics;
using Workflows.Backends;
using Workflows.Diagnostics;
using Workflows.History;

namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    private static readonly IReadOnlyDictionary<string, string> s_noHeaders = new Dictionary<string, string>();

    private IReadOnlyDictionary<string, string>? _headers;
    private Activity? _taskSpan;
    private long _taskStartTimestamp;
    private int _taskReplayLength;

    /// <summary>The values the instance carries: its start metadata, then what its start event records.</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers ?? s_noHeaders;

    /// <summary>
    /// One span per real execution of a workflow task (replay inside it included, never repeated for a replay): the
    /// child of the context the instance was started in, so every task of an instance shares the start's trace.
    /// </summary>
    private Activity? StartTaskSpan(WorkflowTask task, IReadOnlyList<HistoryEvent> history)
    {
        var started = Started ?? FindStarted(history) ?? FindStarted(task.NewEvents);
        _headers ??= Telemetry.Merge(task.Metadata?.Values, started?.Headers);
        _taskStartTimestamp = Stopwatch.GetTimestamp();
        _taskReplayLength = history.Count;
        string name = started?.Name ?? task.WorkflowName;
        _taskSpan = Telemetry.Source.StartActivity($"RunWorkflow {name}", ActivityKind.Internal, Telemetry.ParentOf(_headers));
        if (_taskSpan is not null)
        {
            _taskSpan.SetTag("workflows.workflow.name", name);
            _taskSpan.SetTag("workflows.instance.id", Instance.InstanceId);
            _taskSpan.SetTag("workflows.execution.id", Instance.ExecutionId);
            _taskSpan.SetTag("workflows.replay.length", history.Count);
            Telemetry.AddBaggage(_taskSpan, _headers);
        }

        return _taskSpan;
    }

    /// <summary>Ends the task's span and records its metrics; the span itself is disposed by the caller.</summary>
    private void EndTask(bool committed)
    {
        var tag = Telemetry.WorkflowTag(Started?.Name ?? "");
        Telemetry.WorkflowTaskDuration.Record(Stopwatch.GetElapsedTime(_taskStartTimestamp).TotalSeconds, tag);
        Telemetry.WorkflowTaskReplayLength.Record(_taskReplayLength, tag);
        if (!committed)
        {
            Telemetry.WorkflowTaskFailures.Add(1, tag);
        }

        _taskSpan = null;
    }

    /// <summary>
    /// A span for a command that is new in this task — never for one matched on replay, so a replayed history emits
    /// none again — and the headers to record with the command so that its execution continues the trace elsewhere.
    /// </summary>
    private IReadOnlyDictionary<string, string>? CommandSpan(string operation, string? name, long scheduleEventId, ActivityKind kind = ActivityKind.Internal)
    {
        using var span = Telemetry.Source.StartActivity(name is null ? operation : $"{operation} {name}", kind, _taskSpan?.Context ?? Telemetry.ParentOf(_headers));
        if (span is not null)
        {
            span.SetTag("workflows.instance.id", Instance.InstanceId);
            span.SetTag("workflows.schedule_event.id", scheduleEventId);
        }

        return Telemetry.WithTraceContext(_headers, span ?? _taskSpan);
    }

    private IReadOnlyDictionary<string, string>? ActivitySpan(ScheduleActivityCommand activity)
    {
        if (activity.Attempt > 1)
        {
            Telemetry.ActivityRetries.Add(1, Telemetry.ActivityTag(activity.Name));
        }

        return CommandSpan("ScheduleActivity", activity.Name, activity.Id, ActivityKind.Producer);
    }

    /// <summary>A custom span of workflow code, parented on the running task's span; none while replaying.</summary>
    public Activity? StartUserSpan(string name)
    {
        if (IsReplaying)
        {
            return null;
        }

        var span = Telemetry.Source.StartActivity(name, ActivityKind.Internal, _taskSpan?.Context ?? Telemetry.ParentOf(_headers));
        span?.SetTag("workflows.instance.id", Instance.InstanceId);
        return span;
    }

    private static ExecutionStartedAttributes? FindStarted(IReadOnlyList<HistoryEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Attributes is ExecutionStartedAttributes started)
            {
                return started;
            }
        }

        return null;
    }
}

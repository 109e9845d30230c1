using System.Text.Json.Serialization;

namespace Workflows.History;

/// <summary>
/// One entry of an execution's append-only history.
/// </summary>
/// <param name="Id">A unique id of the event (unique per execution; a backstop against double delivery).</param>
/// <param name="SequenceId">Position in the execution's history, contiguous from 1; 0 while the event is still pending.</param>
/// <param name="Timestamp">When the event was created.</param>
/// <param name="ScheduleEventId">For command events and their completions: the workflow's deterministic counter value that ties a completion to what scheduled it; 0 otherwise.</param>
/// <param name="Attributes">The kind-specific data.</param>
/// <param name="VisibleAt">For future events (timers): the earliest time the event may be delivered.</param>
public sealed record HistoryEvent(
    string Id,
    long SequenceId,
    DateTimeOffset Timestamp,
    long ScheduleEventId,
    EventAttributes Attributes,
    DateTimeOffset? VisibleAt = null)
{
    /// <summary>The kind of the event, taken from its attributes.</summary>
    [JsonIgnore]
    public EventType Type => Attributes.Type;

    /// <summary>Creates a pending event (sequence id 0) with a fresh id.</summary>
    public static HistoryEvent Create(DateTimeOffset timestamp, EventAttributes attributes, long scheduleEventId = 0, DateTimeOffset? visibleAt = null)
        => new(UniqueIds.Next(), 0, timestamp, scheduleEventId, attributes, visibleAt);

    /// <inheritdoc />
    public override string ToString() => $"#{SequenceId} {Type}" + (ScheduleEventId != 0 ? $"({ScheduleEventId})" : "") + Attributes.Describe();
}

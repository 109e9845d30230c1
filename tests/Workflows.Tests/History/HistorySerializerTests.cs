using Workflows.History;

namespace Workflows.Tests.History;

public sealed class HistorySerializerTests
{
    private static readonly DateTimeOffset s_t = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    public static IEnumerable<object[]> OneOfEachKind()
    {
        var error = new WorkflowError("System.InvalidOperationException", "bad \"quoted\" ünïcode", "at X()", new WorkflowError("Inner", "inner"), NonRetryable: true);
        EventAttributes[] all =
        [
            new ExecutionStartedAttributes("Order", "q1", ["{\"id\":1}", null, "\"s\""], new ParentReference("p", "pe", 7)),
            new WorkflowTaskStartedAttributes(),
            new ActivityScheduledAttributes("Charge", "q2", ["1.5"], Attempt: 3),
            new ActivityCompletedAttributes("42"),
            new ActivityFailedAttributes(error),
            new TimerScheduledAttributes(s_t),
            new TimerFiredAttributes(s_t),
            new TimerCanceledAttributes(),
            new SignalReceivedAttributes("approved", "true"),
            new SideEffectResultAttributes(null),
            new SubWorkflowScheduledAttributes("Ship", "child-1", "ce", "q3", []),
            new SubWorkflowCompletedAttributes("\"ok\""),
            new SubWorkflowFailedAttributes(error),
            new SubWorkflowCancellationRequestedAttributes("child-1"),
            new WorkflowCancellationRequestedAttributes(),
            new ContinuedAsNewAttributes("5", "next"),
            new ExecutionFinishedAttributes(null, error),
            new ExecutionTerminatedAttributes("operator"),
            new PatchMarkerAttributes("use-b", Deprecated: true),
        ];
        return all.Select(a => new object[] { a });
    }

    [Theory]
    [MemberData(nameof(OneOfEachKind))]
    public void RoundTrip_EveryEventKind_IsLossless(EventAttributes attributes)
    {
        var e = new HistoryEvent("id-1", 12, s_t, 5, attributes, VisibleAt: s_t.AddDays(1));

        string json = HistorySerializer.Serialize(e);
        var back = HistorySerializer.Deserialize(json);

        Assert.Equal(e.Type, back.Type);
        Assert.Equal(attributes.GetType(), back.Attributes.GetType());
        Assert.Equal((e.Id, e.SequenceId, e.Timestamp, e.ScheduleEventId, e.VisibleAt), (back.Id, back.SequenceId, back.Timestamp, back.ScheduleEventId, back.VisibleAt));
        Assert.Equal(json, HistorySerializer.Serialize(back));
    }

    [Fact]
    public void OneOfEachKind_CoversEveryEventType()
    {
        var covered = OneOfEachKind().Select(o => ((EventAttributes)o[0]).Type).ToHashSet();

        Assert.Equal(Enum.GetValues<EventType>().ToHashSet(), covered);
    }

    [Fact]
    public void RoundTrip_Attributes_KeepsNestedErrorAndInputs()
    {
        var attributes = (ActivityFailedAttributes)OneOfEachKind().Select(o => (EventAttributes)o[0]).OfType<ActivityFailedAttributes>().Single();

        var back = (ActivityFailedAttributes)HistorySerializer.DeserializeAttributes(HistorySerializer.SerializeAttributes(attributes));

        Assert.Equal(attributes.Error with { Inner = null }, back.Error with { Inner = null });
        Assert.Equal(attributes.Error.Inner, back.Error.Inner);
        var started = (ExecutionStartedAttributes)HistorySerializer.DeserializeAttributes(HistorySerializer.SerializeAttributes(
            new ExecutionStartedAttributes("W", "q", ["1", null])));
        Assert.Equal(["1", null], started.Inputs);
    }

    [Fact]
    public void Deserialize_Garbage_ThrowsJsonException()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => HistorySerializer.Deserialize("{\"attributes\":{\"$type\":\"NoSuchKind\"}}"));
    }
}

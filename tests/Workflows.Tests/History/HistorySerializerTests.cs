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

    // SerializeAttributes writes each kind without System.Text.Json's polymorphic path; what it writes is what that
    // path writes, byte for byte, so stored histories read the same whichever wrote them.
    [Theory]
    [MemberData(nameof(OneOfEachKind))]
    public void SerializeAttributes_WritesWhatThePolymorphicPathWrites(EventAttributes attributes)
    {
        string polymorphic = System.Text.Json.JsonSerializer.Serialize(attributes, HistoryJsonContext.Default.EventAttributes);

        string json = HistorySerializer.SerializeAttributes(attributes);

        Assert.Equal(polymorphic, json);
        Assert.Equal(polymorphic, HistorySerializer.SerializeAttributes(HistorySerializer.DeserializeAttributes(json)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2_000)]
    [InlineData(200_000)]
    public void SerializeAttributes_OfAnySize_WritesWhatThePolymorphicPathWrites(int length)
    {
        var attributes = new ActivityCompletedAttributes(System.Text.Json.JsonSerializer.Serialize(new string('ü', length)));

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize<EventAttributes>(attributes, HistoryJsonContext.Default.EventAttributes), HistorySerializer.SerializeAttributes(attributes));
        }
    }

    // What the kind's own metadata cannot read goes to the polymorphic path, which fails as it always did.
    [Theory]
    [InlineData("not json")]
    [InlineData("{\"$type\":\"NoSuchKind\",\"result\":\"1\"}")]
    [InlineData("{\"result\":\"1\",\"$type\":\"ActivityCompleted\"}")]
    [InlineData("{\"$type\":\"ActivityCompleted\",\"result\":1}")]
    [InlineData("[]")]
    public void DeserializeAttributes_OfWhatDoesNotRead_FailsAsThePolymorphicPathDoes(string json)
    {
        var expected = Record.Exception(() => System.Text.Json.JsonSerializer.Deserialize(json, HistoryJsonContext.Default.EventAttributes));

        var actual = Record.Exception(() => HistorySerializer.DeserializeAttributes(json));

        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    // The point of writing and reading each kind with its own metadata: no stack of frames per call.
    [Fact]
    public void SerializeAndDeserializeAttributes_AllocateLessThanThePolymorphicPath()
    {
        var attributes = new ActivityCompletedAttributes("42");
        var info = HistoryJsonContext.Default.EventAttributes;
        string json = HistorySerializer.SerializeAttributes(attributes);
        for (int i = 0; i < 3; i++)
        {
            System.Text.Json.JsonSerializer.Serialize(attributes, info);
            System.Text.Json.JsonSerializer.Deserialize(json, info);
            HistorySerializer.SerializeAttributes(attributes);
            HistorySerializer.DeserializeAttributes(json);
        }

        long polymorphicWrite = Allocated(() => System.Text.Json.JsonSerializer.Serialize(attributes, info));
        long write = Allocated(() => HistorySerializer.SerializeAttributes(attributes));
        long polymorphicRead = Allocated(() => System.Text.Json.JsonSerializer.Deserialize(json, info));
        long read = Allocated(() => HistorySerializer.DeserializeAttributes(json));

        Assert.True(write < polymorphicWrite, $"{write} bytes against {polymorphicWrite}");
        Assert.True(read < polymorphicRead, $"{read} bytes against {polymorphicRead}");

        static long Allocated(Func<object?> action)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(action());
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
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

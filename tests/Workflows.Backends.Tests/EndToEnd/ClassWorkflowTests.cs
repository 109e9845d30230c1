using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

// Workflows written as classes, driven entirely through the generated handle: start, typed signals, typed queries
// answered in the test's process by replaying the committed history.
public abstract partial class EndToEndTestBase
{
    [Workflow("ClassOrder")]
    internal sealed class ClassOrderWorkflow
    {
        private readonly List<string> _notes = [];
        private WorkflowContext? _ctx;
        private bool? _approved;

        [WorkflowQuery]
        public string Status { get; private set; } = "created";

        [WorkflowRun]
        public async Task<string> RunAsync(WorkflowContext ctx, string orderId)
        {
            _ctx = ctx;
            Status = "reserving";
            int reserved = await ctx.Activities.ClassReserveAsync(orderId);
            Status = "awaiting approval";
            await ctx.WaitConditionAsync(() => _approved is not null);
            if (_approved == false)
            {
                Status = "rejected";
                return "rejected";
            }

            Status = "shipping";
            await ctx.Activities.ClassShipAsync(orderId);
            Status = "shipped";
            return $"{orderId}: {reserved} shipped, notes {string.Join(",", _notes)}";
        }

        [WorkflowSignal]
        public void Approve(bool approved) => _approved = approved;

        // An async handler is a coroutine of the workflow: its activity is recorded like any other.
        [WorkflowSignal("note")]
        public async Task AddNote(string note) => _notes.Add(await _ctx!.Activities.ClassEchoAsync(note));

        [WorkflowQuery("notes")]
        public string[] Notes() => [.. _notes];

        [WorkflowQuery]
        public int CountNotes(string prefix) => _notes.Count(n => n.StartsWith(prefix, StringComparison.Ordinal));

        // Deliberately breaks the query rule, to show the runtime refuses it too.
#pragma warning disable WF2014
        [WorkflowQuery]
        public string Misbehaving() => _ctx!.NewGuid().ToString();
#pragma warning restore WF2014
    }

    // [Activity] on the class: every public method is an activity.
    [Activity]
    internal static class ClassOrderActivities
    {
        public static int ClassReserve(string orderId) => orderId.Length;

        public static Task ClassShip(string orderId) => Task.CompletedTask;

        public static string ClassEcho(string note) => "<" + note + ">";
    }

    [Workflow]
    internal sealed class ClassRelay
    {
        [WorkflowRun]
        public async Task RunAsync(WorkflowContext ctx, string target, bool approve)
            => await ctx.Workflows.GetClassOrderHandle(target).SignalApproveAsync(approve);
    }

    private static WorkflowRegistry ClassRegistry() => new WorkflowRegistry().AddGeneratedWorkflows();

    private async Task WaitForStatusAsync(ClassOrderHandle handle, string status)
        => await WaitUntilAsync(async () => await QueryOrNullAsync(handle) == status, $"status '{status}'");

    private static async Task<string?> QueryOrNullAsync(ClassOrderHandle handle)
    {
        try
        {
            return await handle.QueryStatusAsync();
        }
        catch (WorkflowQueryException)
        {
            // Before the first workflow task there is no committed state to query.
            return null;
        }
    }

    [Fact]
    public async Task ClassWorkflow_TypedSignalsAndQueries_AnswerAtEachPointOfItsLife()
    {
        var handle = await Client.StartClassOrderAsync("order-17", Id("class-order"));

        // Nothing ran yet: a query has no committed state to read and says so.
        var early = await Assert.ThrowsAsync<WorkflowQueryException>(() => handle.QueryStatusAsync());
        Assert.Contains("no committed history", early.Message, StringComparison.Ordinal);

        await StartWorkerAsync(ClassRegistry());
        await WaitForStatusAsync(handle, "awaiting approval");
        await handle.SignalAddNoteAsync("fragile");

        // Each handler awaits an activity, and two activities may finish in either order: one note at a time.
        await WaitUntilAsync(async () => (await handle.QueryNotesAsync()).Length == 1, "first note handled");
        await Client.SignalWorkflowAsync(handle.InstanceId, "note", "raw");
        await WaitUntilAsync(async () => (await handle.QueryNotesAsync()).Length == 2, "both notes handled");
        Assert.Equal(["<fragile>", "<raw>"], await handle.QueryNotesAsync());
        Assert.Equal(1, await handle.QueryCountNotesAsync("<f"));
        Assert.Equal("awaiting approval", await handle.QueryStatusAsync());

        await handle.SignalApproveAsync(true);

        Assert.Equal("order-17: 8 shipped, notes <fragile>,<raw>", await handle.GetResultAsync(Timeout));
        Assert.Equal("shipped", await handle.QueryStatusAsync());
        Assert.Equal("shipped", await Client.GetClassOrderHandle("class-order").QueryStatusAsync());
        var history = await Client.GetHistoryAsync("class-order");
        Assert.Equal(3, history.Count(e => e.Type == EventType.SignalReceived));
    }

    [Fact]
    public async Task ClassWorkflow_QueryWithoutWorker_AnswersFromCommittedHistoryAndWritesNothing()
    {
        var worker = await StartWorkerAsync(ClassRegistry());
        var handle = await Client.StartClassOrderAsync("o-2", Id("class-no-worker"));
        await WaitForStatusAsync(handle, "awaiting approval");
        await worker.StopAsync();
        var before = await Client.GetHistoryAsync(handle.InstanceId);

        // The signal lands while no worker runs: it is not committed, so the query does not see it yet.
        await handle.SignalApproveAsync(false);
        string status = await handle.QueryStatusAsync();
        string again = await Client.QueryWorkflowAsync<string>(handle.InstanceId, "Status", ClassRegistry());

        Assert.Equal("awaiting approval", status);
        Assert.Equal(status, again);
        Assert.Equal(before.Select(e => e.Id), (await Client.GetHistoryAsync(handle.InstanceId)).Select(e => e.Id));
        Assert.Equal(WorkflowStatus.Running, (await Client.GetStateAsync(handle.InstanceId)).Status);

        await StartWorkerAsync(ClassRegistry());
        Assert.Equal("rejected", await handle.GetResultAsync(Timeout));
        Assert.Equal("rejected", await handle.QueryStatusAsync());
    }

    [Fact]
    public async Task ClassWorkflow_QueryThatUsesContextOrIsUnknown_ThrowsTypedError()
    {
        await StartWorkerAsync(ClassRegistry());
        var handle = await Client.StartClassOrderAsync("o-3", Id("class-bad-query"));
        await WaitForStatusAsync(handle, "awaiting approval");

        var context = await Assert.ThrowsAsync<WorkflowQueryException>(() => handle.QueryMisbehavingAsync());
        var unknown = await Assert.ThrowsAsync<WorkflowQueryException>(() => Client.QueryWorkflowAsync<int>(handle.InstanceId, "nope", ClassRegistry()));

        Assert.Equal("Misbehaving", context.QueryName);
        Assert.Contains("NewGuid", context.Message, StringComparison.Ordinal);
        Assert.Contains("no query 'nope'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Status", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassWorkflow_SignalThatDoesNotDecode_BlocksInstanceWithTypedErrorAndKeepsHistory()
    {
        await StartWorkerAsync(ClassRegistry());
        var handle = await Client.StartClassOrderAsync("o-4", Id("class-bad-signal"));
        await WaitForStatusAsync(handle, "awaiting approval");
        var before = await Client.GetHistoryAsync(handle.InstanceId);

        await Client.SignalWorkflowAsync(handle.InstanceId, "Approve", "not a bool");
        await WaitUntilAsync(async () => (await Client.GetStateAsync(handle.InstanceId)).LastTaskError is not null, "signal failure reported");

        var state = await Client.GetStateAsync(handle.InstanceId);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal(typeof(WorkflowSignalException).FullName, state.LastTaskError!.Type);
        Assert.Contains("'Approve'", state.LastTaskError.Message, StringComparison.Ordinal);
        Assert.Contains("Boolean", state.LastTaskError.Message, StringComparison.Ordinal);
        Assert.Equal(before.Select(e => e.Id), (await Client.GetHistoryAsync(handle.InstanceId)).Select(e => e.Id));

        // The blocked instance still answers from what it committed.
        Assert.Equal("awaiting approval", await handle.QueryStatusAsync());
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task ClassWorkflow_BlockedByNonDeterminism_AnswersFromCommittedState()
    {
        var worker = await StartWorkerAsync(ClassRegistry());
        var handle = await Client.StartClassOrderAsync("o-5", Id("class-blocked"));
        await WaitForStatusAsync(handle, "awaiting approval");
        await worker.StopAsync();

        // A deploy whose run method schedules a different first activity cannot replay the history.
        var generated = ClassRegistry();
        generated.TryGetWorkflow("ClassOrder", out var original);
        var changed = new WorkflowDefinition(
            "ClassOrder",
            () => new ClassOrderWorkflow(),
            async (workflow, ctx, args) => await ctx.Activities.ClassEchoAsync("changed"),
            typeof(string),
            original!.Signals.Values,
            original.Queries.Values);
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow(changed));
        await handle.SignalApproveAsync(true);
        await WaitUntilAsync(async () => (await Client.GetStateAsync(handle.InstanceId)).LastTaskError is not null, "non-determinism reported");

        Assert.Equal(typeof(NonDeterminismException).FullName, (await Client.GetStateAsync(handle.InstanceId)).LastTaskError!.Type);
        Assert.Equal("awaiting approval", await handle.QueryStatusAsync());

        // Queried with the changed code, the replay stops at the first mismatch: the answer is the state before it.
        Assert.Equal("created", await Client.QueryWorkflowAsync<string>(handle.InstanceId, "Status", new WorkflowRegistry().AddWorkflow(changed)));
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task ClassWorkflow_ExternalHandleFromAnotherWorkflow_DeliversTypedSignal()
    {
        await StartWorkerAsync(ClassRegistry());
        var order = await Client.StartClassOrderAsync("o-6", Id("class-relay-target"));
        await WaitForStatusAsync(order, "awaiting approval");

        await Client.RunClassRelayAsync(order.InstanceId, true, Id("class-relay"));

        Assert.StartsWith("o-6: 3 shipped", await order.GetResultAsync(Timeout), StringComparison.Ordinal);
    }
}

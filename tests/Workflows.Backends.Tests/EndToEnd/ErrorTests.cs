using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task Start_DuplicateActiveInstanceId_ThrowsAlreadyExists()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Wait", async (WorkflowContext ctx) => await ctx.DelayAsync(TimeSpan.FromDays(1)));
        await StartWorkerAsync(registry);
        await Client.StartWorkflowAsync("Wait", Id("dup"), []);

        var ex = await Assert.ThrowsAsync<WorkflowInstanceAlreadyExistsException>(() => Client.StartWorkflowAsync("Wait", Id("dup"), []));
        Assert.Equal("dup", ex.InstanceId);
    }

    [Fact]
    public async Task UnregisteredWorkflow_StaysRunningWithTaskErrorAndRunsOnceRegistered()
    {
        var old = await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Other", (WorkflowContext ctx) => Task.FromResult(0)));
        var handle = await Client.StartWorkflowAsync<int>("Missing", Id("missing"), []);

        await WaitUntilAsync(async () => (await handle.GetStateAsync()).LastTaskError is not null, "task error recorded");
        var state = await handle.GetStateAsync();
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Contains("'Missing' is not registered", state.LastTaskError!.Message, StringComparison.Ordinal);
        Assert.Empty(await handle.GetHistoryAsync());

        // A deploy replaces the worker with one that knows the workflow, and it picks the instance up: a deployment
        // error, not a workflow failure. (Each failed offer doubles the wait, so the old worker is stopped first.)
        await old.StopAsync();
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Missing", (WorkflowContext ctx) => Task.FromResult(3)));
        Assert.Equal(3, await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task UnregisteredWorkflow_WorkerReplacedAfterEachAttempt_AttemptsCountedAcrossWorkersAndParked()
    {
        var handle = await Client.StartWorkflowAsync<int>("Ghost", Id("ghost"), []);

        // A fleet that keeps restarting: each worker is replaced once it has made an attempt. The count is the
        // backend's, so it goes on from worker to worker until the instance is parked.
        int seen = 0;
        for (int worker = 0; worker < 5 && seen < 3; worker++)
        {
            var current = await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Other", (WorkflowContext ctx) => Task.FromResult(0)), WorkerOptions() with { UnknownWorkflowMaxAttempts = 3 });
            int previous = seen;
            await WaitUntilAsync(async () => (seen = AttemptOf((await handle.GetStateAsync()).LastTaskError?.Message)) > previous, $"an attempt after attempt {previous}");
            await current.StopAsync();
        }

        var state = await handle.GetStateAsync();
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal("Workflow 'Ghost' is not registered on any worker polling queue 'default'; the instance was parked after 3 attempts.", state.LastTaskError!.Message);
    }

    // The attempt a not-registered error reports: "(attempt n of m)" or "parked after n attempts".
    private static int AttemptOf(string? message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message ?? "", @"(?:attempt|after) (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task UnregisteredActivity_AfterRepeatedOffers_FailsAsNotRegistered()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("CallsMissing", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync("Nowhere", null);
                    return "ran";
                }
                catch (ActivityFailedException ex)
                {
                    return ex.Error.Message;
                }
            });
        await StartWorkerAsync(registry, WorkerOptions() with { UnknownActivityMaxAttempts = 3 });

        var handle = await Client.StartWorkflowAsync<string>("CallsMissing", Id("calls-missing"), []);

        Assert.Equal("Activity 'Nowhere' is not registered on any worker polling queue 'default'.", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task ArgumentMismatch_WorkflowArgumentCount_FailsInstanceWithClearMessage()
    {
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("TwoArgs", (WorkflowContext ctx, int a, int b) => Task.FromResult(a + b)));

        var handle = await Client.StartWorkflowAsync<int>("TwoArgs", Id("count"), 1);

        var ex = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync(Timeout));
        Assert.Equal(typeof(ArgumentMismatchException).FullName, ex.OriginalType);
        Assert.Contains("workflow 'TwoArgs' takes 2 argument(s) but was called with 1", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArgumentMismatch_ActivityArgumentType_FailsActivityAsNonRetryable()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("BadArgs", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync<int>("TakesInt", null, "not a number");
                    return "ran";
                }
                catch (ActivityFailedException ex)
                {
                    return $"{ex.OriginalType}|{ex.Error.NonRetryable}|{ex.Error.Message}";
                }
            })
            .AddActivity("TakesInt", (int x) => x);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("BadArgs", Id("types"), []);

        string result = await handle.GetResultAsync(Timeout);
        Assert.StartsWith($"{typeof(ArgumentMismatchException).FullName}|True|activity 'TakesInt': argument 0 does not decode as Int32", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveInstance_Finished_RemovesStateAndHistory()
    {
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Quick", (WorkflowContext ctx) => Task.FromResult(1)));
        var handle = await Client.StartWorkflowAsync<int>("Quick", Id("to-remove"), []);
        await handle.GetResultAsync(Timeout);

        await Client.RemoveWorkflowAsync("to-remove");

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.GetStateAsync("to-remove"));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.RemoveWorkflowAsync("to-remove"));
        var page = await Client.ListWorkflowsAsync();
        Assert.DoesNotContain(page.Instances, i => i.Instance.InstanceId == "to-remove");
    }

    [Fact]
    public async Task RemoveInstance_Active_ThrowsNotFinished()
    {
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Wait", async (WorkflowContext ctx) => await ctx.DelayAsync(TimeSpan.FromDays(1))));
        await Client.StartWorkflowAsync("Wait", Id("active"), []);

        await Assert.ThrowsAsync<WorkflowNotFinishedException>(() => Client.RemoveWorkflowAsync("active"));
        Assert.Equal(WorkflowStatus.Running, (await Client.GetStateAsync("active")).Status);
    }

    [Fact]
    public async Task ListInstances_NewestFirstWithCursor()
    {
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Quick", (WorkflowContext ctx) => Task.FromResult(1)));
        for (int i = 0; i < 5; i++)
        {
            await Client.StartWorkflowAsync("Quick", Id($"list-{i}"), []);
        }

        var first = await Client.ListWorkflowsAsync(new InstanceQuery { PageSize = 3 });
        var second = await Client.ListWorkflowsAsync(new InstanceQuery { PageSize = 3, Cursor = first.NextCursor });

        Assert.Equal(["list-4", "list-3", "list-2"], first.Instances.Select(i => i.Instance.InstanceId));
        Assert.Equal(["list-1", "list-0"], second.Instances.Select(i => i.Instance.InstanceId));
        Assert.Null(second.NextCursor);
    }
}

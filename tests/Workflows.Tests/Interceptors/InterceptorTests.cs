using System.Collections.Concurrent;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Interceptors;
using Workflows.Tests.Diagnostics;
using Workflows.Worker;

namespace Workflows.Tests.Interceptors;

/// <summary>Client and worker interceptor chains: their order, and the changes they make to calls.</summary>
public sealed class InterceptorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WorkerInterceptors_TwoInChain_RunInListOrderAndChangesSurviveReplay(bool cache)
    {
        var log = new ConcurrentQueue<string>();
        string name = "Intercepted-" + Guid.NewGuid().ToString("N");
        string child = "InterceptedChild-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(name, async (WorkflowContext ctx) =>
            {
                int a = await ctx.ExecuteActivityAsync<int>("Double", null, 5);
                int b = await ctx.ExecuteSubWorkflowAsync<int>(child, null, a);
                return a + b;
            })
            .AddWorkflow(child, (WorkflowContext ctx, int x) => Task.FromResult(x + 1))
            .AddActivity("Double", (int x) => x * 2);
        var options = TracingTests.Options(cache) with { Interceptors = [new Recording("A", log, addOne: false), new Recording("B", log, addOne: true)] };
        await using var backend = new InMemoryBackend();
        await using var worker = new WorkflowWorker(backend, registry, options);
        await worker.StartAsync();

        var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>(name, null, []);

        // B adds one to every activity argument: Double(6) = 12, the child returns 13.
        Assert.Equal(25, await handle.GetResultAsync(s_timeout));
        var entries = log.ToList();
        Assert.Equal(["A>activity Double", "B>activity Double", "B<activity Double", "A<activity Double"], entries.Where(e => e.Contains("activity Double", StringComparison.Ordinal)).ToList());
        Assert.Equal(["A>call Double", "B>call Double"], entries.Where(e => e.Contains("call Double", StringComparison.Ordinal)).Distinct().ToList());
        Assert.Equal(["A>sub " + child, "B>sub " + child], entries.Where(e => e.Contains("sub " + child, StringComparison.Ordinal)).Distinct().ToList());
        var tasks = entries.Where(e => e.Contains(">task", StringComparison.Ordinal) || e.Contains("<task", StringComparison.Ordinal)).ToList();
        Assert.Equal(["A>task", "B>task", "B<task", "A<task"], tasks.Take(4).ToList());
    }

    [Fact]
    public async Task ClientInterceptors_TwoInChain_WrapStartSignalCancelAndTerminateInListOrder()
    {
        var log = new ConcurrentQueue<string>();
        string name = "ClientIntercepted-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(name, async (WorkflowContext ctx) => await ctx.Signals<string>("go").ReceiveAsync() + "|" + ctx.Headers.GetValueOrDefault("audit"));
        await using var backend = new InMemoryBackend();
        await using var worker = new WorkflowWorker(backend, registry, TracingTests.Options(cache: true));
        await worker.StartAsync();
        var client = new WorkflowClient(backend, new WorkflowClientOptions { Interceptors = [new ClientRecording("A", log), new ClientRecording("B", log)] });

        var handle = await client.StartWorkflowAsync<string>(name, null, []);
        await handle.SignalAsync("go", "\"ignored\"");
        Assert.Equal("from B|A", await handle.GetResultAsync(s_timeout));
        var other = await client.StartWorkflowAsync<string>(name, null, []);
        await other.CancelAsync();
        var third = await client.StartWorkflowAsync<string>(name, null, []);
        await third.TerminateAsync("done");

        Assert.Equal(
            ["A>start", "B>start", "B<start", "A<start", "A>signal", "B>signal", "B<signal", "A<signal",
             "A>start", "B>start", "B<start", "A<start", "A>cancel", "B>cancel", "B<cancel", "A<cancel",
             "A>start", "B>start", "B<start", "A<start", "A>terminate done", "B>terminate done", "B<terminate", "A<terminate"],
            log.ToList());
    }

    private sealed class Recording(string id, ConcurrentQueue<string> log, bool addOne) : IWorkflowWorkerInterceptor
    {
        public WorkflowTaskCompletion ExecuteWorkflowTask(WorkflowTask task, Func<WorkflowTask, WorkflowTaskCompletion> next)
        {
            log.Enqueue($"{id}>task");
            var completion = next(task);
            log.Enqueue($"{id}<task");
            return completion;
        }

        public async Task<object?> ExecuteActivityAsync(ActivityContext context, Func<Task<object?>> next)
        {
            log.Enqueue($"{id}>activity {context.ActivityName}");
            var result = await next().ConfigureAwait(false);
            log.Enqueue($"{id}<activity {context.ActivityName}");
            return result;
        }

        // Workflow code: no ConfigureAwait(false), nothing that differs on replay.
        public Task<object?> CallActivityAsync(ActivityCallInput input, Func<ActivityCallInput, Task<object?>> next)
        {
            log.Enqueue($"{id}>call {input.Name}");
            return next(addOne ? input with { Arguments = [(int)input.Arguments[0]! + 1] } : input);
        }

        public Task<object?> CallSubWorkflowAsync(SubWorkflowCallInput input, Func<SubWorkflowCallInput, Task<object?>> next)
        {
            log.Enqueue($"{id}>sub {input.Name}");
            return next(input);
        }
    }

    private sealed class ClientRecording(string id, ConcurrentQueue<string> log) : IWorkflowClientInterceptor
    {
        public async Task<WorkflowInstance> StartWorkflowAsync(StartWorkflowInput input, Func<StartWorkflowInput, Task<WorkflowInstance>> next)
        {
            log.Enqueue($"{id}>start");
            var metadata = new Dictionary<string, string>(input.Options.Metadata ?? new Dictionary<string, string>());
            metadata.TryAdd("audit", id);
            var instance = await next(input with { Options = input.Options with { Metadata = metadata } }).ConfigureAwait(false);
            log.Enqueue($"{id}<start");
            return instance;
        }

        public async Task SignalWorkflowAsync(SignalWorkflowInput input, Func<SignalWorkflowInput, Task> next)
        {
            log.Enqueue($"{id}>signal");
            await next(input with { Value = $"\"from {id}\"" }).ConfigureAwait(false);
            log.Enqueue($"{id}<signal");
        }

        public async Task CancelWorkflowAsync(string instanceId, Func<string, Task> next)
        {
            log.Enqueue($"{id}>cancel");
            await next(instanceId).ConfigureAwait(false);
            log.Enqueue($"{id}<cancel");
        }

        public async Task TerminateWorkflowAsync(string instanceId, string? reason, Func<string, string?, Task> next)
        {
            log.Enqueue($"{id}>terminate {reason}");
            await next(instanceId, reason).ConfigureAwait(false);
            log.Enqueue($"{id}<terminate");
        }
    }
}

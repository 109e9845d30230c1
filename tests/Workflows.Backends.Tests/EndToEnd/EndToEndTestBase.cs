using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

/// <summary>
/// The end-to-end workflow suite, written once and run against every backend, each with and without the
/// executor cache (without it, every workflow task replays the whole history). The runs without the cache also
/// run without eager dispatch, so workers find every piece of work by polling: both ways run the whole suite.
/// </summary>
public abstract partial class EndToEndTestBase : IAsyncLifetime
{
    private readonly List<WorkflowWorker> _workers = [];

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected IBackend Backend { get; private set; } = null!;

    protected WorkflowClient Client { get; private set; } = null!;

    /// <summary>Creates a fresh, empty backend for one test.</summary>
    protected abstract Task<IBackend> CreateBackendAsync();

    /// <summary>Whether workers keep executors between workflow tasks.</summary>
    protected abstract bool UseExecutorCache { get; }

    public async Task InitializeAsync()
    {
        Backend = await CreateBackendAsync();
        Client = new WorkflowClient(Backend);
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Backend.DisposeAsync();
    }

    protected WorkflowWorkerOptions WorkerOptions(IReadOnlyList<string>? queues = null) => new()
    {
        EnableExecutorCache = UseExecutorCache,
        EagerDispatch = UseExecutorCache,
        PollInterval = TimeSpan.FromMilliseconds(50),
        WorkflowTaskRetryDelay = TimeSpan.FromMilliseconds(50),
        UnknownActivityRetryDelay = TimeSpan.FromMilliseconds(10),
        Queues = queues ?? [WorkflowClient.DefaultQueue],
    };

    protected async Task<WorkflowWorker> StartWorkerAsync(WorkflowRegistry registry, WorkflowWorkerOptions? options = null)
    {
        var worker = new WorkflowWorker(Backend, registry, options ?? WorkerOptions());
        _workers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails after the suite's timeout.</summary>
    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    protected static WorkflowOptions Id(string instanceId) => new() { InstanceId = instanceId };
}

public sealed class InMemoryCachedEndToEndTests : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(new InMemoryBackend());

    protected override bool UseExecutorCache => true;
}

public sealed class InMemoryUncachedEndToEndTests : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(new InMemoryBackend());

    protected override bool UseExecutorCache => false;
}

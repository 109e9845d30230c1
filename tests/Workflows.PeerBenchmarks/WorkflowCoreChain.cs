using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace Workflows.PeerBenchmarks;

/// <summary>
/// W1 on WorkflowCore with its default in-memory persistence, single-node queue and lock, and default options except
/// the poll interval (see <see cref="Settings"/>).
/// </summary>
internal sealed class WorkflowCoreChain : IPeerEngine
{
    private readonly ServiceProvider _services;
    private readonly IWorkflowHost _host;
    private readonly object _gate = new();
    private TaskCompletionSource? _allDone;
    private int _completed;
    private int _target;

    private WorkflowCoreChain(ServiceProvider services, IWorkflowHost host)
    {
        _services = services;
        _host = host;
    }

    public string Name => "WorkflowCore 3.22.0 (in-memory persistence)";

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        // The poller hands the consumers instances that are runnable but not queued; with its 10 s default a run that
        // ever waits on it measures the poll interval, not the engine, so it is set short (docs/benchmarks.md, "Peers").
        ["PollInterval"] = "100 ms (default 10 s)",
    };

    public static WorkflowCoreChain Start()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddWorkflow(options => options.UsePollInterval(TimeSpan.FromMilliseconds(100)))
            .BuildServiceProvider();
        var host = services.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<ChainWorkflow, ChainData>();
        var chain = new WorkflowCoreChain(services, host);
        host.OnLifeCycleEvent += chain.OnLifeCycleEvent;
        host.Start();
        return chain;
    }

    public async Task RunAsync(string idPrefix, int count, int steps, int starters)
    {
        if (steps != ChainWorkflow.Steps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The WorkflowCore chain is built with {ChainWorkflow.Steps} steps.");
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ids = new List<string>(count);
        lock (_gate)
        {
            _completed = 0;
            _target = count;
            _allDone = done;
        }

        // WorkflowCore chooses the instance id; the completion event may arrive before StartWorkflow returns, so
        // completions are counted, and the ids checked afterwards.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = starters },
            async (_, _) =>
            {
                string id = await _host.StartWorkflow(ChainWorkflow.Id, 1, new ChainData { Value = 0 }, idPrefix).ConfigureAwait(false);
                lock (_gate)
                {
                    ids.Add(id);
                }
            }).ConfigureAwait(false);

        await done.Task.ConfigureAwait(false);

        var store = _services.GetRequiredService<IPersistenceProvider>();
        foreach (string id in ids)
        {
            var instance = await store.GetWorkflowInstance(id).ConfigureAwait(false);
            if (instance.Status != WorkflowStatus.Complete || ((ChainData)instance.Data).Value != steps)
            {
                throw new InvalidOperationException($"{id} ended {instance.Status} with {((ChainData)instance.Data).Value}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _host.Stop();
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    private void OnLifeCycleEvent(LifeCycleEvent evt)
    {
        if (evt is not WorkflowCompleted)
        {
            return;
        }

        lock (_gate)
        {
            _completed++;
            if (_completed == _target)
            {
                _allDone?.TrySetResult();
            }
        }
    }
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workflows.PeerBenchmarks;

/// <summary>
/// W1 on durabletask-dotnet's in-process host (Microsoft.DurableTask.InProcessTestHost): its in-memory orchestration
/// service behind a gRPC sidecar on a loopback port, with the standard gRPC client and worker, default options except
/// logging (see <see cref="StartAsync"/>).
/// </summary>
internal sealed class DurableTaskChain : IPeerEngine
{
    private readonly DurableTaskTestHost _host;

    private DurableTaskChain(DurableTaskTestHost host) => _host = host;

    public string Name => "durabletask-dotnet in-process host 0.2.3-preview.1";

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public static async Task<DurableTaskChain> StartAsync()
    {
        var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<int, int>("Chain", async (ctx, steps) =>
            {
                int value = 0;
                for (int i = 0; i < steps; i++)
                {
                    value = await ctx.CallActivityAsync<int>("Step", value);
                }

                return value;
            });
            registry.AddActivityFunc<int, int>("Step", (ctx, x) => x + 1);
        },
        // The host's default writes an information line to the console for every gRPC call (several per step),
        // which would measure the console. This quiets the worker and client; the sidecar's ASP.NET Core host
        // also needs Logging__LogLevel__Default=Warning in the environment (docs/benchmarks.md, "Peers").
        new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance }).ConfigureAwait(false);
        return new DurableTaskChain(host);
    }

    public async Task RunAsync(string idPrefix, int count, int steps, int starters)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{idPrefix}chain-{i}").ToList();

        // All started at once, then every one awaited: the client's own wait is how its docs say to see completion.
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = starters },
            async (id, ct) => await _host.Client.ScheduleNewOrchestrationInstanceAsync(
                "Chain", steps, new StartOrchestrationOptions { InstanceId = id }, ct).ConfigureAwait(false)).ConfigureAwait(false);

        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = starters },
            async (id, ct) =>
            {
                var state = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct).ConfigureAwait(false);
                if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<int>() != steps)
                {
                    throw new InvalidOperationException($"{id} ended {state.RuntimeStatus} with {state.SerializedOutput}: {state.FailureDetails?.ErrorMessage}");
                }
            }).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

using System.Diagnostics;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Benchmarks;

/// <summary>The throughput workloads (W1–W4): what runs inside the workflows, and how completion is measured.</summary>
internal static class Workloads
{
    public static WorkflowRegistry Registry(BenchmarkOptions options)
    {
        string payload = new('x', options.ResultSize);
        if (options.Generated)
        {
            // The same workflows as the delegates below, declared with attributes: the generated registration
            // calls them without reflection.
            return new WorkflowRegistry().AddGeneratedWorkflows();
        }

        return new WorkflowRegistry()
            .AddWorkflow("Chain", async (WorkflowContext ctx, int steps) =>
            {
                int value = 0;
                for (int i = 0; i < steps; i++)
                {
                    value = await ctx.ExecuteActivityAsync<int>("Step", null, value);
                }

                return value;
            })
            .AddWorkflow("FanOut", async (WorkflowContext ctx, int width) =>
            {
                var tasks = new Task<int>[width];
                for (int i = 0; i < width; i++)
                {
                    tasks[i] = ctx.ExecuteActivityAsync<int>("Step", null, i);
                }

                return (await Task.WhenAll(tasks)).Sum();
            })
            .AddWorkflow("Tree", async (WorkflowContext ctx, int depth) =>
            {
                if (depth == 0)
                {
                    var leaves = new Task<string>[options.LeafFanout * options.ActivitiesPerLeaf];
                    for (int i = 0; i < leaves.Length; i++)
                    {
                        leaves[i] = ctx.ExecuteActivityAsync<string>("Payload", null);
                    }

                    return (await Task.WhenAll(leaves)).Sum(s => s.Length);
                }

                var children = new Task<int>[options.Fanout];
                for (int i = 0; i < children.Length; i++)
                {
                    children[i] = ctx.ExecuteSubWorkflowAsync<int>("Tree", null, depth - 1);
                }

                return (await Task.WhenAll(children)).Sum();
            })
            .AddActivity("Step", (int x) => x + 1)
            .AddActivity("Payload", () => payload);
    }

    /// <summary>
    /// Starts <paramref name="count"/> instances at once (<paramref name="starters"/> start calls in flight) and waits
    /// until none is active; returns per-instance latencies.
    /// </summary>
    public static async Task<(double Seconds, List<double> LatenciesMs)> RunManyAsync(
        IBackend backend, string workflow, int count, object argument, Action<int, int> progress, int starters = 64, string idPrefix = "")
    {
        var client = new WorkflowClient(backend);
        var ids = Enumerable.Range(0, count).Select(i => $"{idPrefix}{workflow}-{i}").ToList();
        var watch = Stopwatch.StartNew();

        // All started at once, as many clients would: starts in flight together share commits like any writes.
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = starters },
            async (id, ct) => await client.StartWorkflowAsync(workflow, new WorkflowOptions { InstanceId = id }, [argument], ct));

        // Done when every instance is: one keyed read per check of the oldest unfinished one. Counting instances
        // (GetStatsAsync) every 20 ms cost more than the workflows once the database held a million old ones.
        for (int done = 0; done < count;)
        {
            if ((await client.GetStateAsync(ids[done])).Status == WorkflowStatus.Running)
            {
                progress(done, count);
                await Task.Delay(20);
                continue;
            }

            done++;
        }

        double seconds = watch.Elapsed.TotalSeconds;
        var latencies = new List<double>(count);
        foreach (var id in ids)
        {
            var state = await client.GetStateAsync(id);
            if (state.Status != WorkflowStatus.Completed)
            {
                throw new InvalidOperationException($"{id} ended {state.Status}: {state.Error}");
            }

            latencies.Add((state.CompletedAt!.Value - state.CreatedAt).TotalMilliseconds);
        }

        return (seconds, latencies);
    }

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        int index = (int)Math.Ceiling(p / 100 * values.Count) - 1;
        return values[Math.Clamp(index, 0, values.Count - 1)];
    }
}

using System.Diagnostics;
using System.Globalization;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Benchmarks;

/// <summary>
/// The cost of one query: a workflow class records a history of the given length (side effects, one event each),
/// then the same query is answered repeatedly by replaying that history in this process. Prints; never asserts.
/// </summary>
internal static class QueryCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        int[] sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [1_000, 10_000];
        Console.WriteLine("events | queries | median ms | mean ms | min ms");
        foreach (int size in sizes)
        {
            var backend = new InMemoryBackend();
            var client = new WorkflowClient(backend);
            var registry = new WorkflowRegistry().AddWorkflow(QueryCostWorkflowStubs.WorkflowClassDefinition());
            await using (var worker = new WorkflowWorker(backend, registry))
            {
                await worker.StartAsync();
                var handle = await client.StartQueryCostWorkflowAsync(size, new WorkflowOptions { InstanceId = "query-cost-" + size.ToString(CultureInfo.InvariantCulture) });
                await handle.GetResultAsync(TimeSpan.FromMinutes(5));
                await worker.StopAsync();
            }

            // No worker runs from here: every answer is one replay of the committed history.
            var instance = client.GetQueryCostWorkflowHandle("query-cost-" + size.ToString(CultureInfo.InvariantCulture));
            int events = (await client.GetHistoryAsync(instance.InstanceId)).Count;
            for (int i = 0; i < 3; i++)
            {
                _ = await instance.QueryStepAsync();
            }

            const int Runs = 20;
            var times = new List<double>(Runs);
            for (int i = 0; i < Runs; i++)
            {
                long start = Stopwatch.GetTimestamp();
                int step = await instance.QueryStepAsync();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (step != size)
                {
                    throw new InvalidOperationException($"The query answered {step}, expected {size}.");
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events} | {Runs} | {times[Runs / 2]:F2} | {times.Average():F2} | {times[0]:F2}"));
        }

        return 0;
    }
}

/// <summary>Records one side-effect event per step; its query reads the step reached.</summary>
[Workflow]
internal sealed class QueryCostWorkflow
{
    [WorkflowQuery]
    public int Step { get; private set; }

    [WorkflowRun]
    public async Task<int> RunAsync(WorkflowContext ctx, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Step = await ctx.SideEffectAsync(() => i + 1);
        }

        return Step;
    }
}

using System.Diagnostics;
using System.Globalization;
using Workflows.Backends;

namespace Workflows.Benchmarks;

/// <summary>
/// W6 `aged`, the dashboard's cost: the instance-list page (<see cref="IBackend.ListWorkflowInstancesAsync"/>, newest
/// first, keyset paging) against a database filled by fill-aged, first page, a deep page reached by cursor and each
/// filter, with the time of each call (median of a few). Prints; never asserts.
/// </summary>
internal static class ListCost
{
    private const int Runs = 5;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        options = options with { KeepDatabase = true, Schema = options.Schema ?? AgedDatabase.DefaultSchema };
        await using var backend = await BackendFactory.CreateAsync(options);
        var all = new InstanceQuery { PageSize = 50 };

        // A cursor about halfway down the list: walk there in big pages once (not timed).
        string? deep = null;
        int walked = 0;
        var stats = await backend.GetStatsAsync();
        long total = stats.InstancesByStatus.Values.Sum();
        while (walked < total / 2)
        {
            var page = await backend.ListWorkflowInstancesAsync(new InstanceQuery { PageSize = 10_000, Cursor = deep });
            walked += page.Instances.Count;
            deep = page.NextCursor;
            if (deep is null)
            {
                break;
            }
        }

        var first = await backend.ListWorkflowInstancesAsync(all);
        (string Name, InstanceQuery Query)[] cases =
        [
            ("first page", all),
            ("second page (cursor)", all with { Cursor = first.NextCursor }),
            ($"deep page (cursor after {walked:N0})", all with { Cursor = deep }),
            ("status = Completed", all with { Status = WorkflowStatus.Completed }),
            ("status = Running (none)", all with { Status = WorkflowStatus.Running }),
            ("status = Failed (none)", all with { Status = WorkflowStatus.Failed }),
            ("workflow name = Chain", all with { WorkflowName = "Chain" }),
            ("workflow name = Missing (none)", all with { WorkflowName = "Missing" }),
            ("queue = default", all with { Queue = "default" }),
            ("queue = missing (none)", all with { Queue = "missing" }),
            ("prefix aged-12345 (11 match)", all with { InstanceIdPrefix = "aged-12345" }),
            ("prefix missing- (none)", all with { InstanceIdPrefix = "missing-" }),
        ];

        Console.WriteLine($"instances {total:N0}, backend {options.Backend}, load average {ProcessCpu.LoadAverage()}");
        Console.WriteLine("| page | rows | median ms | min ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, query) in cases)
        {
            var times = new List<double>(Runs);
            int rows = 0;
            for (int i = 0; i < Runs; i++)
            {
                long start = Stopwatch.GetTimestamp();
                rows = (await backend.ListWorkflowInstancesAsync(query)).Instances.Count;
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rows} | {times[Runs / 2]:F2} | {times[0]:F2} |"));
        }

        Console.WriteLine($"load average after {ProcessCpu.LoadAverage()}");
        return 0;
    }
}

using Microsoft.Data.Sqlite;
using Workflows.Client;
using Workflows.History;
using Workflows.Sqlite;
using Workflows.Worker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// A real full disk (a small tmpfs the test mounts; it needs root and is skipped, saying so, elsewhere): while it is
/// full, commits fail; once space is freed, every acknowledged workflow completes without a restart.
/// </summary>
public sealed class SqliteDiskFullTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _dir = new();
    private string? _mount;

    public void Dispose()
    {
        if (_mount is not null)
        {
            SmallDisk.Unmount(_mount);
        }

        _dir.Dispose();
    }

    [SmallDiskFact]
    public async Task Worker_DiskFullThenSpaceFreed_EveryAcknowledgedWorkflowCompletesWithoutRestart()
    {
        string disk = _mount = SmallDisk.Mount(_dir.File("small-disk"), megabytes: 8);

        string dbPath = Path.Combine(disk, "w.db");
        string ballast = Path.Combine(disk, "ballast");
        var registry = new WorkflowRegistry()
            .AddWorkflow("Fill", async (WorkflowContext ctx, int n) =>
            {
                string a = await ctx.ExecuteActivityAsync<string>("Blob", null, n);
                await ctx.DelayAsync(TimeSpan.FromMilliseconds(10));
                string b = await ctx.ExecuteActivityAsync<string>("Blob", null, n + 1);
                return a.Length + b.Length + n;
            })
            .AddActivity("Blob", (int n) => new string((char)('a' + (n % 26)), 16 * 1024));
        // Leases far longer than the test may take: recovery must come from the workers trying their commits again
        // once there is space, not from leases lapsing and the work running again.
        var leases = new BackendOptions { WorkflowLockTimeout = TimeSpan.FromMinutes(10), ActivityLockTimeout = TimeSpan.FromMinutes(10) };
        await using var backend = SqliteBackend.Open(dbPath, new SqliteBackendOptions { Backend = leases });
        await backend.GetStatsAsync();
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        await worker.StartAsync();
        var client = new WorkflowClient(backend);

        // Twenty workflows are under way when the disk fills up; more starts are tried until one is refused, which
        // shows the disk is full (the workers meet the same error on their commits meanwhile).
        var acknowledged = new List<int>();
        for (int n = 0; n < 20; n++)
        {
            await client.StartWorkflowAsync("Fill", new WorkflowOptions { InstanceId = $"fill-{n}" }, n);
            acknowledged.Add(n);
        }

        await FillAsync(ballast, disk, freeBytes: 64 * 1024);
        int refused = 0;
        for (int n = 20; n < 400 && refused < 3; n++)
        {
            try
            {
                await client.StartWorkflowAsync("Fill", new WorkflowOptions { InstanceId = $"fill-{n}" }, n);
                acknowledged.Add(n);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 13)
            {
                refused++;
            }
        }

        // Keeps the disk full a while so the workers' commits fail too; nothing asserted depends on how long.
        await Task.Delay(TimeSpan.FromSeconds(2));

        output.WriteLine($"acknowledged {acknowledged.Count}, refused {refused}");
        Assert.True(refused > 0, "the disk never filled up");

        File.Delete(ballast);
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            foreach (int n in acknowledged)
            {
                Assert.Equal((2 * 16 * 1024) + n, await client.GetResultAsync<int>($"fill-{n}", cancellationToken: timeout.Token));
            }
        }

        // After recovery the history of each is whole: contiguous, one start, one completion.
        foreach (int n in acknowledged)
        {
            var history = await client.GetHistoryAsync($"fill-{n}");
            Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.SequenceId));
            Assert.Single(history, e => e.Type == EventType.WorkflowExecutionFinished);
        }
    }

    private static async Task FillAsync(string ballast, string disk, long freeBytes)
    {
        var drive = new DriveInfo(disk);
        long size = Math.Max(0, drive.AvailableFreeSpace - freeBytes);
        await using var file = new FileStream(ballast, FileMode.Create);
        var block = new byte[64 * 1024];
        try
        {
            for (long written = 0; written < size; written += block.Length)
            {
                await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - written)));
            }

            await file.FlushAsync();
        }
        catch (IOException)
        {
            // The workers wrote meanwhile and the disk is full already: as good.
        }
    }
}

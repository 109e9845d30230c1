using Npgsql;
using Workflows.Backends.Tests.Conformance;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>
/// The backend contract against PostgreSQL. The suite drives time with a fake clock, so these backends take "now" from
/// it instead of <c>now()</c> (an internal test switch); everything else is the production path.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConformanceTests(PostgresServer server) : FusedStepConformanceTests
{
    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(server.CreateBackend(options, useBackendClock: true));

    [Fact]
    public async Task FusedStep_MakesNoWorkflowWork_NotifiesOtherProcessesOnlyOfWhatItCreated()
    {
        var (instance, activity, last) = await ActivityRunningAsync("fused-quiet");
        string channel = ((PostgresBackend)Backend).Channel;
        await using var listener = new NpgsqlConnection(server.ConnectionString);
        await listener.OpenAsync();
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await ExecuteAsync(listener, "LISTEN \"" + channel + "\"");

        // A step whose next activity is claimed with it leaves nothing for anyone: no notification. The next step's
        // activity is left for pollers: activity pollers are notified, workflow pollers are not.
        var result = ActivityCompleted(activity);
        var claimed = Assert.Single((await Fused.CompleteActivityAndWorkflowTaskAsync(
            activity, result, last, RanAhead(instance, last, result, activities: [ActivityScheduled(7)]), DefaultQueues, maxActivities: 1)).Activities);
        var next = ActivityCompleted(claimed);
        long after = await LastSequenceIdAsync(instance);
        Assert.True((await Fused.CompleteActivityAndWorkflowTaskAsync(
            claimed, next, after, RanAhead(instance, after, next, activities: [ActivityScheduled(9)]), DefaultQueues, maxActivities: 0)).Committed);

        // Notifications arrive in commit order, so once the marker sent after both commits is in, so is every earlier one.
        await ExecuteAsync(listener, "NOTIFY \"" + channel + "\", 'marker'");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!payloads.Contains("marker"))
        {
            await listener.WaitAsync(timeout.Token);
        }

        Assert.Equal(["a"], payloads.Where(p => p != "marker").Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using MySqlConnector;
using Workflows.Client;
using Workflows.History;
using Workflows.MySql;
using Workflows.Worker;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// A completion the server can never take (larger than <c>max_allowed_packet</c>) fails the activity with an error
/// naming the reason, instead of running the activity again at every lease.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlOversizedCompletionTests(MariaDbServer server)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [OwnedMariaDbFact]
    public async Task CompleteActivity_ResultLargerThanMaxAllowedPacket_FailsTheActivityOnce()
    {
        const int Packet = 1024 * 1024;
        await SetMaxAllowedPacketAsync(Packet);
        try
        {
            // The payload limit lets the result through; the server's packet limit does not. Each refused commit breaks
            // its connection, which the backend retries as an outage: two retries instead of twelve keep the test to a
            // few seconds (twelve, backing off up to 2 s each, took about 40 s of the 60 allowed). The lease is long
            // enough that renewals delayed by a loaded machine do not let it lapse meanwhile (which ran the activity
            // twice, once in CI); an activity run again at every lease would still fail the test.
            var options = server.CreateOptions(new BackendOptions { MaxPayloadSize = 8 * Packet, ActivityLockTimeout = TimeSpan.FromSeconds(10) }) with { MaxRetries = 2 };
            await using var backend = MySqlBackend.Open(server.ConnectionString, options);
            int runs = 0;
            var registry = new WorkflowRegistry()
                .AddWorkflow("W", async (WorkflowContext ctx) =>
                {
                    try
                    {
                        return (await ctx.ExecuteActivityAsync<string>("Big", null)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (ActivityFailedException ex)
                    {
                        return $"{ex.OriginalType}: {ex.Error.Message}";
                    }
                })
                .AddActivity("Big", () =>
                {
                    Interlocked.Increment(ref runs);
                    return new string('b', 2 * Packet);
                });
            await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
            await worker.StartAsync();
            var handle = await new WorkflowClient(backend).StartWorkflowAsync<string>("W", new WorkflowOptions { InstanceId = "packet" }, []);

            string result = await handle.GetResultAsync(s_timeout);

            Assert.StartsWith($"{typeof(CompletionNotCommittedException).FullName}: The result of activity 'Big' (attempt 1) of instance 'packet' could not be committed", result, StringComparison.Ordinal);
            Assert.Equal(1, Volatile.Read(ref runs));
            Assert.Single(await handle.GetHistoryAsync(), e => e.Type == EventType.ActivityFailed);
        }
        finally
        {
            await SetMaxAllowedPacketAsync(16 * 1024 * 1024);
        }
    }

    private async Task SetMaxAllowedPacketAsync(int bytes)
    {
        await using var connection = new MySqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SET GLOBAL max_allowed_packet = @bytes", connection);
        command.Parameters.AddWithValue("@bytes", bytes);
        await command.ExecuteNonQueryAsync();
        await MySqlConnection.ClearAllPoolsAsync();
    }
}

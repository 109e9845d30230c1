using Shop.Orders;
using Workflows.Client;
using Workflows.Sqlite;
using Workflows.Worker;
using Xunit;

namespace Shop.Orders.Tests;

public sealed class CheckoutTests
{
    [Fact]
    public async Task Checkout_OnSqlite_ChargesThroughTheGivenActivities()
    {
        string db = Path.Combine(Path.GetTempPath(), "shop-" + Guid.NewGuid().ToString("N") + ".db");
        string result;
        try
        {
            await using var backend = SqliteBackend.Open(db);
            var registry = new WorkflowRegistry().AddGeneratedWorkflows(new PaymentActivities { Gateway = "tests" });
            await using var worker = new WorkflowWorker(backend, registry);
            await worker.StartAsync();

            var handle = await new WorkflowClient(backend).StartCheckoutAsync("pen", 2);
            result = await handle.GetResultAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            foreach (string file in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(file);
            }
        }

        Assert.Equal("pen x2: charged 6 via tests", result);
    }
}

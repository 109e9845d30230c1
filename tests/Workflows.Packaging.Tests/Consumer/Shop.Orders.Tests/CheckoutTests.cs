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
        await using var backend = SqliteBackend.Open(db);
        var registry = new WorkflowRegistry().AddGeneratedWorkflows(new PaymentActivities { Gateway = "tests" });
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();

        var handle = await new WorkflowClient(backend).StartCheckoutAsync("pen", 2);
        string result = await handle.GetResultAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("pen x2: charged 6 via tests", result);
    }
}

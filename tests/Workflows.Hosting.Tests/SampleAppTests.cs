using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Workflows.Hosting.Tests;

public sealed class SampleAppTests
{
    [Fact]
    public async Task PostOrders_SampleApp_WorkflowCompletesAndGetReadsItsResult()
    {
        string file = Path.Combine(Path.GetTempPath(), $"wf-sample-{Guid.NewGuid():N}.db");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workflows:ConnectionString"] = $"Data Source={file}",
            })));
        using var http = factory.CreateClient();

        var posted = await http.PostAsJsonAsync("/orders", new { customer = "ada", amount = 10m });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        string id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        JsonElement order = default;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!deadline.IsCancellationRequested)
        {
            order = await http.GetFromJsonAsync<JsonElement>($"/orders/{id}", deadline.Token);
            if (order.GetProperty("status").GetString() != "Running")
            {
                break;
            }

            await Task.Delay(50, deadline.Token);
        }

        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Equal(11.00m, order.GetProperty("result").GetProperty("total").GetDecimal());
        Assert.Equal("PAY-03-11.00", order.GetProperty("result").GetProperty("reference").GetString());
        Assert.True(File.Exists(file), "the order was stored in the configured SQLite file");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/orders/no-such-order")).StatusCode);
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
    }
}

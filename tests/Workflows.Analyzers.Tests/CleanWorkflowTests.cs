using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers.Tests.Infrastructure;

namespace Workflows.Analyzers.Tests;

/// <summary>Idiomatic workflow code must produce no diagnostic from any rule.</summary>
public class CleanWorkflowTests
{
    private const string Source = """
        using System.Collections.Concurrent;
        using System.Net.Http;
        using System.Text.Json;

        namespace Samples.Orders;

        public sealed record OrderLine(string Sku, int Quantity);

        public sealed record Order(string Id, IReadOnlyList<OrderLine> Lines, string Region);

        public sealed record Receipt(string OrderId, decimal Total, DateTimeOffset At);

        public static class OrderWorkflows
        {
            private const int MaxAttempts = 3;
            private static readonly ActivityOptions Retry = new();
            private static readonly TimeSpan PaymentTimeout = TimeSpan.FromMinutes(10);
            private static readonly string[] Regions = ["eu", "us"];

            [Workflow("order")]
            public static async Task<Receipt> OrderWorkflow(WorkflowContext ctx, Order order)
            {
                ctx.Logger.LogInformation("Order {Id} started", order.Id);
                var log = ctx.Logger;

                var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
                var reservations = new List<Task<decimal>>();
                foreach (var line in order.Lines)
                {
                    reservations.Add(ctx.ExecuteActivityAsync<decimal>("Reserve", Retry, line));
                }

                var amounts = await Task.WhenAll(reservations);
                for (var i = 0; i < amounts.Length; i++)
                {
                    prices[order.Lines[i].Sku] = amounts[i];
                }

                var total = prices.Values.Sum();
                foreach (var (sku, price) in prices.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    log.LogInformation("{Sku}: {Price}", sku, price);
                }

                var payment = ctx.ExecuteActivityAsync<bool>("Charge", Retry, order.Id, total);
                var timeout = ctx.DelayAsync(PaymentTimeout, ctx.CancellationToken);
                var first = await Task.WhenAny(payment, timeout);
                if (first == timeout || !payment.Result)
                {
                    await ctx.ExecuteSubWorkflowAsync<bool>("refund", null, order.Id);
                }

                var shipments = ctx.NewChannel<string>();
                var shipper = ctx.Go(async c =>
                {
                    for (var attempt = 0; attempt < MaxAttempts; attempt++)
                    {
                        await c.ExecuteActivityAsync("Ship", Retry, order.Id, attempt);
                    }

                    await shipments.SendAsync(order.Id);
                });
                var shipped = await shipments.ReceiveAsync();
                await shipper;

                var stamp = await ctx.SideEffectAsync(() => DateTimeOffset.UtcNow);
                var id = ctx.NewGuid();
                var jitter = ctx.Random.Next(100) + new Random(42).Next(10);
                await ctx.DelayAsync(TimeSpan.FromMilliseconds(jitter));
                var json = JsonSerializer.Serialize(new Receipt(shipped, total, ctx.Now));
                log.LogInformation("Receipt {Json} {Id} {Stamp} {Region}", json, id, stamp, Normalize(order.Region));
                return new Receipt(order.Id, Round(total), ctx.Now);
            }

            [Workflow]
            public static async Task CounterWorkflow(WorkflowContext ctx, int total)
            {
                var increments = ctx.NewChannel<int>();
                for (var i = 0; i < 1000; i++)
                {
                    total += await increments.ReceiveAsync();
                }

                await ctx.ContinueAsNew(total);
            }

            private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.ToEven);

            private static string Normalize(string region) =>
                Regions.Contains(region, StringComparer.OrdinalIgnoreCase) ? region.ToUpperInvariant() : "EU";
        }

        public sealed class OrderActivities(HttpClient http, ILogger<OrderActivities> logger)
        {
            private static readonly ConcurrentDictionary<string, int> Attempts = new();

            [Activity]
            public async Task<decimal> Reserve(OrderLine line)
            {
                logger.LogInformation("Reserving {Sku} at {At}", line.Sku, DateTime.UtcNow);
                Attempts.AddOrUpdate(line.Sku, 1, (_, n) => n + 1);
                var body = await http.GetStringAsync("https://inventory.invalid/" + line.Sku).ConfigureAwait(false);
                await Task.Delay(10).ConfigureAwait(false);
                return decimal.Parse(body, System.Globalization.CultureInfo.InvariantCulture) * line.Quantity;
            }

            [Activity]
            public Task<bool> Charge(string orderId, decimal total)
            {
                Console.WriteLine($"charging {orderId}: {total} on {Environment.MachineName}");
                return Task.FromResult(Random.Shared.Next(10) > 0);
            }
        }
        """;

    [Fact]
    public async Task AllAnalyzers_IdiomaticWorkflowAndActivities_ReportNothing()
    {
        var compilation = CompilationFactory.Create(Source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = AllAnalyzersTests.AnalyzerTypes()
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();

        var diagnostics = await compilation.WithAnalyzers([.. analyzers]).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(diagnostics);
    }
}

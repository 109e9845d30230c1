namespace Workflows.Generators.Tests;

/// <summary>User code the tests feed to the generator; each also calls what it expects to be generated.</summary>
internal static class Sources
{
    /// <summary>The sample: a static workflow and an activity class registered as one instance.</summary>
    public const string Simple = """
        namespace Simple;

        public static class SimpleWorkflows
        {
            [Workflow]
            public static async Task<int> Workflow1(WorkflowContext ctx, string message)
            {
                int r1 = await ctx.Activities.Activity1Async(35, 12);
                int r2 = await ctx.Activities.Activity2Async();
                return r1 + r2 + message.Length;
            }
        }

        public sealed class SimpleActivities
        {
            public int SharedState { get; set; }

            [Activity]
            public Task<int> Activity1(int a, int b) => Task.FromResult(a + b);

            [Activity]
            public Task<int> Activity2() => Task.FromResult(SharedState);
        }

        public static class Host
        {
            public static async Task<int> RunAsync(WorkflowClient client, WorkflowRegistry registry)
            {
                registry.AddGeneratedWorkflows(new SimpleActivities { SharedState = 12 });
                WorkflowHandle<int> handle = await client.StartWorkflow1Async("hello", new WorkflowOptions { InstanceId = "a" });
                return await handle.GetResultAsync() + await client.RunWorkflow1Async("again");
            }
        }
        """;

    /// <summary>Every return shape, a trailing token, custom names, sub-workflows and an instance workflow.</summary>
    public const string Shapes = """
        using System.Collections.Generic;

        namespace Shop.Orders;

        public record Order(string Id, decimal Amount);

        public static class OrderActivities
        {
            [Activity]
            public static void Log(string message) { }

            [Activity]
            public static decimal Price(Order order) => order.Amount;

            [Activity]
            public static Task Notify(string customer, CancellationToken cancellationToken) => Task.CompletedTask;

            [Activity("Charge")]
            public static Task<string> ChargeCard(Order order, decimal amount, CancellationToken cancellationToken) => Task.FromResult(order.Id);

            [Activity]
            public static ValueTask Flush() => default;

            [Activity]
            public static ValueTask<int> Count(string[] names) => new(names.Length);

            [Activity]
            public static (int Count, string Name) Pair((int A, string B) input, Dictionary<string, List<Order>> index) => (input.A, input.B);

            [Activity]
            public static Task<IReadOnlyList<string>?> Lookup(string? key, int? limit) => Task.FromResult<IReadOnlyList<string>?>(null);
        }

        public static class OrderWorkflows
        {
            [Workflow]
            public static async Task<string> ProcessOrder(WorkflowContext ctx, Order order)
            {
                await ctx.Activities.LogAsync("start");
                decimal price = await ctx.Activities.PriceAsync(order);
                await ctx.Activities.NotifyAsync("c", new ActivityOptions { Queue = "mail" });
                string receipt = await ctx.Activities.ChargeAsync(order, price);
                await ctx.Activities.FlushAsync();
                int n = await ctx.Activities.CountAsync(["a", "b"]);
                IReadOnlyList<string>? found = await ctx.Activities.LookupAsync(null, n);
                (int count, string name) = await ctx.Activities.PairAsync((1, "x"), new Dictionary<string, List<Order>>());
                await ctx.Workflows.ShipAsync(order, new SubWorkflowOptions { InstanceId = order.Id + "-ship" });
                return receipt + found?.Count;
            }

            [Workflow("Ship")]
            public static Task ShipOrder(WorkflowContext ctx, Order order) => Task.CompletedTask;
        }

        public sealed class Countdown
        {
            private int _left = 3;

            [Workflow]
            public async Task<int> Run(WorkflowContext ctx)
            {
                while (_left > 0)
                {
                    _left--;
                    await ctx.DelayAsync(TimeSpan.FromSeconds(1));
                }

                return await ctx.Workflows.ProcessOrderAsync(new Order("o", 1)) is { Length: > 0 } ? 1 : 0;
            }
        }

        public static class Client
        {
            public static async Task UseAsync(WorkflowClient client, WorkflowRegistry registry)
            {
                registry.AddGeneratedWorkflows();
                WorkflowHandle handle = await client.StartShipAsync(new Order("o", 1));
                await handle.WaitForCompletionAsync();
                await client.RunShipAsync(new Order("p", 2), cancellationToken: CancellationToken.None);
                string receipt = await client.RunProcessOrderAsync(new Order("q", 3));
                int count = await (await client.StartRunAsync()).GetResultAsync();
            }
        }
        """;

    /// <summary>Internal and nested types, the global namespace, awkward parameter names, overloads and a non-identifier name.</summary>
    public const string Edges = """
        internal sealed class Mailer
        {
            [Activity]
            public Task Send(string @class, string options, string stubs) => Task.CompletedTask;

            [Activity("mail.bounce")]
            public int Bounce(string address) => address.Length;
        }

        namespace Edges
        {
            internal record Secret(string Value);

            public class Outer
            {
                internal static class Inner
                {
                    [Workflow]
                    public static async Task<Secret> Reveal(WorkflowContext ctx, Secret secret, string client, string cancellationToken)
                    {
                        await ctx.Activities.SendAsync("a", "b", "c", options_: null);
                        await ctx.Activities.checkedAsync(1);
                        return await ctx.Activities.EchoAsync(secret);
                    }
                }

                [Activity]
                internal static Secret Echo(Secret value) => value;

                [Activity("EchoText")]
                public static string Echo(string value) => value;

                [Activity]
                internal static int @checked(int @in) => @in;
            }

            internal static class Use
            {
                public static async Task UseAsync(WorkflowClient client, WorkflowRegistry registry)
                {
                    registry.AddGeneratedWorkflows(new Mailer());
                    registry.AddMailer(() => new Mailer());
                    Secret s = await client.RunRevealAsync(new Secret("x"), "c", "t", new WorkflowOptions(), CancellationToken.None);
                }
            }
        }
        """;

    /// <summary>Declarations the generator must skip without a word (the analyzers report them).</summary>
    public const string Invalid = """
        using System.IO;

        namespace Bad;

        public class Broken
        {
            [Workflow]
            public static Task NoContext(string input) => Task.CompletedTask;

            [Workflow]
            public static int NotATask(WorkflowContext ctx) => 1;

            [Activity]
            public static Task<T> Generic<T>(T value) => Task.FromResult(value);

            [Activity]
            public static void ByRef(ref int value) { }

            [Activity]
            public static void Streams(Stream stream) { }

            [Activity]
            public static void Callback(Func<int> callback) { }

            [Activity]
            public static void TokenFirst(CancellationToken token, int value) { }

            [Activity("")]
            public static void Empty() { }

            [Activity]
            private static void Hidden() { }

            [Workflow]
            public Task NeedsConstructor(WorkflowContext ctx) => Task.CompletedTask;

            public Broken(int value) { }

            private sealed class Private
            {
                [Activity]
                public static void Nested() { }
            }
        }

        public class Generic<T>
        {
            [Activity]
            public static void InGeneric() { }
        }
        """;

    /// <summary>Workflow classes: a public one with signals and queries, an internal one without a result.</summary>
    public const string Classes = """
        using System.Collections.Generic;
        using System.Linq;

        namespace Shop;

        public sealed record Approval(bool Approved, string By);

        [Workflow]
        public sealed class OrderWorkflow
        {
            private readonly List<string> _notes = new();
            private WorkflowContext? _ctx;
            private Approval? _approval;

            [WorkflowQuery]
            public string Status { get; private set; } = "created";

            [WorkflowRun]
            public async Task<string> RunAsync(WorkflowContext ctx, string orderId, int quantity)
            {
                _ctx = ctx;
                await ctx.WaitConditionAsync(() => _approval is not null);
                await ctx.Activities.LabelAsync(orderId);
                await ctx.Activities.WeighAsync(quantity);
                await ctx.Activities.DispatchAsync();
                Status = "done";
                return orderId + quantity;
            }

            [WorkflowSignal]
            public void Approve(Approval approval) => _approval = approval;

            [WorkflowSignal("note")]
            public async Task AddNote(string @event) => _notes.Add(await _ctx!.Workflows.AuditAsync(@event));

            [WorkflowQuery("notes")]
            public int CountNotes(string prefix) => _notes.Count(n => n.StartsWith(prefix, StringComparison.Ordinal));
        }

        [Activity]
        public sealed class ShippingActivities
        {
            public int Count { get; set; }

            public Task<string> Label(string orderId) => Task.FromResult(orderId + Count);

            public static int Weigh(int quantity) => quantity * 2;

            [Activity("Dispatch")]
            public void Send() { }
        }

        [Workflow("Audit")]
        internal sealed class AuditWorkflow
        {
            [WorkflowRun]
            public Task<string> Run(WorkflowContext ctx, string text) => Task.FromResult(text);
        }

        [Workflow]
        internal sealed class Relay
        {
            [WorkflowRun]
            public async Task RunAsync(WorkflowContext ctx, string target)
                => await ctx.Workflows.GetOrderWorkflowHandle(target).SignalApproveAsync(new Approval(true, ctx.WorkflowName));
        }

        public static class Host
        {
            public static async Task<string> RunAsync(WorkflowClient client, WorkflowRegistry registry)
            {
                registry.AddGeneratedWorkflows(new ShippingActivities());
                OrderWorkflowHandle handle = await client.StartOrderWorkflowAsync("o-1", 2, new WorkflowOptions { InstanceId = "o-1" });
                await handle.SignalApproveAsync(new Approval(true, "me"));
                await handle.SignalAddNoteAsync("x", requestId: "r-1");
                string status = await handle.QueryStatusAsync();
                int count = await client.GetOrderWorkflowHandle("o-1").QueryCountNotesAsync("x");
                await client.RunRelayAsync("o-1");
                return status + count + await handle.GetResultAsync(TimeSpan.FromSeconds(1));
            }
        }
        """;

    /// <summary>Workflow classes that break a WF2009-WF2013 rule: the generator skips each, the class analyzer reports each.</summary>
    public const string InvalidClasses = """
        [Workflow]
        public sealed class TwoRuns
        {
            [WorkflowRun]
            public Task A(WorkflowContext ctx) => Task.CompletedTask;

            [WorkflowRun]
            public Task B(WorkflowContext ctx) => Task.CompletedTask;
        }

        [Workflow]
        public sealed class NoRun
        {
        }

        [Workflow]
        public sealed class RunWithoutContext
        {
            [WorkflowRun]
            public Task Run(string input) => Task.CompletedTask;
        }

        [Workflow]
        public sealed class BadSignal
        {
            [WorkflowRun]
            public Task Run(WorkflowContext ctx) => Task.CompletedTask;

            [WorkflowSignal]
            public void Two(int a, int b) { }
        }

        [Workflow]
        public sealed class AsyncQuery
        {
            [WorkflowRun]
            public Task Run(WorkflowContext ctx) => Task.CompletedTask;

            [WorkflowQuery]
            public Task<int> Later() => Task.FromResult(1);
        }

        [Workflow]
        public sealed class NeedsArguments
        {
            public NeedsArguments(int x) { }

            [WorkflowRun]
            public Task Run(WorkflowContext ctx) => Task.CompletedTask;
        }
        """;

    public static IEnumerable<object[]> All =>
    [
        [nameof(Simple)],
        [nameof(Shapes)],
        [nameof(Edges)],
        [nameof(Classes)],
    ];

    public static string Get(string name) => name switch
    {
        nameof(Simple) => Simple,
        nameof(Shapes) => Shapes,
        nameof(Edges) => Edges,
        nameof(Classes) => Classes,
        nameof(Invalid) => Invalid,
        nameof(InvalidClasses) => InvalidClasses,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}

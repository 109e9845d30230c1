using Workflows.Worker;

namespace Workflows.Testing.Tests;

public static class TypedWorkflows
{
    [Workflow]
    public static async Task<string> Checkout(WorkflowContext ctx, string customer)
    {
        int quote = await ctx.Activities.QuoteAsync(customer);
        await ctx.DelayAsync(TimeSpan.FromDays(7));
        string reservation = await ctx.Activities.ReserveAsync(quote);
        return $"{customer}:{quote}:{reservation}";
    }
}

public sealed class TypedActivities
{
    [Activity]
    public int Quote(string customer) => customer.Length * 10;

    [Activity]
    public Task<string> Reserve(int amount) => Task.FromResult($"res-{amount}");
}

/// <summary>The tester with generated typed stubs: workflow code, registration and the client start.</summary>
public sealed class TypedStubTests
{
    [Fact]
    public async Task ExecuteAsync_GeneratedStubsAndRegistration_MocksAnswerTypedCalls()
    {
        var registry = new WorkflowRegistry().AddGeneratedWorkflows(new SeedExampleTests.Activities(), new TypedActivities());
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Quote", "ada").Returns(99);

        string result = await tester.ExecuteAsync((client, options) => client.StartCheckoutAsync("ada", options));

        // Quote is mocked, Reserve runs for real.
        Assert.Equal("ada:99:res-99", result);
        Assert.Equal(TimeSpan.FromDays(7), tester.Elapsed);
        tester.AssertExpectations();
    }
}

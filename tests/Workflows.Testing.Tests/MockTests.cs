using Workflows.Worker;

namespace Workflows.Testing.Tests;

public sealed class MockTests
{
    private static async Task<string> Greet(WorkflowContext ctx, string name, int times)
    {
        string greeting = await ctx.ExecuteActivityAsync<string>("Greeting", null, name, times);
        return greeting;
    }

    private static WorkflowRegistry GreetRegistry() => new WorkflowRegistry().AddWorkflow("Greet", Greet);

    [Fact]
    public async Task OnActivity_AnyMatcher_MatchesEveryValue()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting", Arg.Any, Arg.Any).Returns("hi");

        Assert.Equal("hi", await tester.ExecuteAsync<string>("Greet", "ada", 3));
    }

    [Fact]
    public async Task OnActivity_PredicateMatchers_FirstMatchingMockAnswers()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        var few = tester.OnActivity("Greeting", Arg.Any, Arg.Is<int>(n => n < 3)).Returns("few");
        var many = tester.OnActivity("Greeting", Arg.Is<string>(s => s.StartsWith('a')), Arg.Is<int>(n => n >= 3)).Returns("many");

        Assert.Equal("many", await tester.ExecuteAsync<string>("Greet", "ada", 5));
        Assert.Equal(0, few.CallCount);
        Assert.Equal(1, many.CallCount);
    }

    [Fact]
    public async Task OnActivity_ValueMismatch_NextMockAnswers()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting", "bob", 3).Returns("bob3");
        tester.OnActivity("Greeting", "ada", 3).Returns("ada3");

        Assert.Equal("ada3", await tester.ExecuteAsync<string>("Greet", "ada", 3));
    }

    [Fact]
    public async Task Calls_TypedFunction_ComputesResultFromArguments()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting").Calls((string name, int times) => string.Concat(Enumerable.Repeat(name, times)));

        Assert.Equal("abab", await tester.ExecuteAsync<string>("Greet", "ab", 2));
    }

    [Fact]
    public async Task Throws_ActivityFails_WorkflowSeesActivityFailedException()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting").Throws(new InvalidOperationException("no greetings today"));

        await tester.RunAsync("Greet", "ada", 1);

        Assert.Equal(WorkflowStatus.Failed, tester.Status);
        var failed = Assert.Throws<WorkflowFailedException>(() => tester.GetResult<string>());
        Assert.Contains("no greetings today", failed.Error.Inner?.Message ?? failed.Error.Message);
    }

    [Fact]
    public async Task RunAsync_ActivityNeitherMockedNorRegistered_FailsNamingActivityAndArguments()
    {
        await using var tester = new WorkflowTester(GreetRegistry());

        var error = await Assert.ThrowsAsync<WorkflowTestException>(() => tester.RunAsync("Greet", "ada", 7));

        Assert.Contains("Activity 'Greeting'", error.Message);
        Assert.Contains("\"ada\", 7", error.Message);
        Assert.Contains("no mock", error.Message);
    }

    [Fact]
    public async Task RunAsync_MockedActivityNoMockMatches_FailsListingTheMocks()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting", "bob", Arg.Any).Returns("hi bob");

        var error = await Assert.ThrowsAsync<WorkflowTestException>(() => tester.RunAsync("Greet", "ada", 7));

        Assert.Contains("Activity 'Greeting' was called with (\"ada\", 7)", error.Message);
        Assert.Contains("activity 'Greeting'(\"bob\", Arg.Any)", error.Message);
    }

    [Fact]
    public async Task OnActivity_NoMatchButRegistered_RunsTheRealActivity()
    {
        var registry = GreetRegistry().AddActivity("Greeting", (string name, int times) => $"real {name} {times}");
        await using var tester = new WorkflowTester(registry);
        var mock = tester.OnActivity("Greeting", "bob", Arg.Any).Returns("mocked").Maybe();

        Assert.Equal("real ada 2", await tester.ExecuteAsync<string>("Greet", "ada", 2));
        Assert.Equal(0, mock.CallCount);
        tester.AssertExpectations();
    }

    [Fact]
    public async Task AssertExpectations_MockNeverCalled_Throws()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting").Returns("hi");
        tester.OnActivity("Farewell").Returns("bye");

        await tester.RunAsync("Greet", "ada", 1);

        var error = Assert.Throws<WorkflowTestException>(tester.AssertExpectations);
        Assert.Contains("activity 'Farewell'(any arguments) was expected but never called", error.Message);
        Assert.DoesNotContain("'Greeting'", error.Message);
    }

    [Fact]
    public async Task Times_UsedUp_FallsThroughToNextMock()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Twice", async (WorkflowContext ctx) =>
        {
            int a = await ctx.ExecuteActivityAsync<int>("Next", null);
            int b = await ctx.ExecuteActivityAsync<int>("Next", null);
            int c = await ctx.ExecuteActivityAsync<int>("Next", null);
            return $"{a},{b},{c}";
        });
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Next").Returns(1).Times(2);
        tester.OnActivity("Next").Returns(9).Once();

        Assert.Equal("1,1,9", await tester.ExecuteAsync<string>("Twice"));
        tester.AssertExpectations();
    }

    [Fact]
    public async Task AssertExpectations_CalledFewerTimesThanExpected_Throws()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting").Returns("hi").Times(2);

        await tester.RunAsync("Greet", "ada", 1);

        var error = Assert.Throws<WorkflowTestException>(tester.AssertExpectations);
        Assert.Contains("expected 2 time(s) but was called 1 time(s)", error.Message);
    }

    [Fact]
    public async Task Calls_AsyncFunctionWithRawArguments_ResultReachesWorkflow()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        tester.OnActivity("Greeting").Calls(async (args, ct) =>
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            return (object?)$"{args.Get<string>(0)}#{args.Get<int>(1)}";
        });

        Assert.Equal("ada#4", await tester.ExecuteAsync<string>("Greet", "ada", 4));
    }

    [Fact]
    public async Task OnActivity_ArrayValue_MatchesByElements()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Total", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Sum", null, new[] { 1, 2, 3 }));
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Sum", new[] { 1, 2, 4 }).Returns(-1).Maybe();
        tester.OnActivity("Sum", new[] { 1, 2, 3 }).Returns(6);

        Assert.Equal(6, await tester.ExecuteAsync<int>("Total"));
    }

    [Fact]
    public async Task OnActivity_PredicateOfWrongTypeOrWrongArity_DoesNotMatch()
    {
        await using var tester = new WorkflowTester(GreetRegistry());
        var wrongType = tester.OnActivity("Greeting", Arg.Is<int>(_ => true), Arg.Any).Returns("int").Maybe();
        var wrongArity = tester.OnActivity("Greeting", Arg.Any).Returns("one").Maybe();
        tester.OnActivity("Greeting", Arg.Is<string>(s => s == "ada"), 2).Returns("right");

        Assert.Equal("right", await tester.ExecuteAsync<string>("Greet", "ada", 2));
        Assert.Equal(0, wrongType.CallCount);
        Assert.Equal(0, wrongArity.CallCount);
    }
}

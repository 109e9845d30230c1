using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Tests.Client;

/// <summary>One rule set for ids and names, checked where they are handed in, with an error that names them.</summary>
public sealed class IdentifierTests
{
    // Indexed rather than passed as theory data: the test runner would turn a lone surrogate into U+FFFD on the way.
    private static readonly (string Id, string Reason)[] s_badIds =
    [
        ("", "empty"),
        ("   ", "white space"),
        ("a\uD800b", "lone surrogate"),
        ("\uDC00", "lone surrogate"),
        ("line\nbreak", "control character"),
        (new string('x', InvalidIdentifierException.MaxLength + 1), "the limit is"),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task StartWorkflowAsync_BadInstanceId_ThrowsNamingItAndStoresNothing(int index)
    {
        var (id, reason) = s_badIds[index];
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);

        var ex = await Assert.ThrowsAsync<InvalidIdentifierException>(() => client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = id }, []));

        Assert.Equal("instance id", ex.Kind);
        Assert.Equal(id, ex.Value);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task StartWorkflowAsync_LoneSurrogate_MessageShowsItEscaped()
    {
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);

        var ex = await Assert.ThrowsAsync<InvalidIdentifierException>(() => client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = "order-\uD800" }, []));

        Assert.Contains("'order-\\uD800'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflowAsync_LongestValidId_Accepted()
    {
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);
        string id = string.Concat(Enumerable.Repeat("\U0001F600", InvalidIdentifierException.MaxLength / 2));

        await client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = id }, []);

        Assert.Equal(id, (await client.GetStateAsync(id)).Instance.InstanceId);
    }

    [Fact]
    public async Task StartWorkflowAsync_EmptyQueueOrWorkflowName_Throws()
    {
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);

        var queue = await Assert.ThrowsAsync<InvalidIdentifierException>(() => client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = "q", Queue = "" }, []));
        var name = await Assert.ThrowsAsync<InvalidIdentifierException>(() => client.StartWorkflowAsync(" ", new WorkflowOptions { InstanceId = "n" }, []));

        Assert.Equal("queue", queue.Kind);
        Assert.Equal("workflow name", name.Kind);
        Assert.Equal(0, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task SignalWorkflowAsync_BadSignalNameOrRequestId_Throws()
    {
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = "s" }, []);

        var name = await Assert.ThrowsAsync<InvalidIdentifierException>(() => client.SignalWorkflowAsync("s", "", 1));
        var request = await Assert.ThrowsAsync<InvalidIdentifierException>(() => client.SignalWorkflowAsync("s", "go", 1, requestId: "r\uD800"));

        Assert.Equal("signal name", name.Kind);
        Assert.Equal("signal request id", request.Kind);
    }

    [Fact]
    public void Registration_BadNames_Throw()
    {
        var registry = new WorkflowRegistry();

        Assert.Equal("workflow name", Assert.Throws<InvalidIdentifierException>(() => registry.AddWorkflow("", (WorkflowContext ctx) => Task.CompletedTask)).Kind);
        Assert.Equal("activity name", Assert.Throws<InvalidIdentifierException>(() => registry.AddActivity("a\uDFFF", () => 1)).Kind);
    }

    [Fact]
    public async Task Worker_EmptyQueue_Throws()
    {
        await using var backend = new InMemoryBackend();

        var ex = Assert.Throws<InvalidIdentifierException>(() => new WorkflowWorker(backend, new WorkflowRegistry(), new WorkflowWorkerOptions { Queues = [""] }));

        Assert.Equal("queue", ex.Kind);
    }
}

using Microsoft.Extensions.Time.Testing;
using Workflows.Runtime;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

public sealed class ExecutorCacheTests
{
    private static WorkflowExecutor Executor(string id)
        => new(new WorkflowInstance(id, "e"), new WorkflowRegistry(), Serialization.JsonPayloadConverter.Default, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);

    [Fact]
    public void Put_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new ExecutorCache(2, TimeSpan.FromHours(1), TimeProvider.System);
        var a = Executor("a");
        cache.Put(a);
        cache.Put(Executor("b"));
        Assert.Same(a, cache.TryTake(a.Instance));
        cache.Put(a); // a is now the most recent
        cache.Put(Executor("c"));

        Assert.Null(cache.TryTake(new WorkflowInstance("b", "e")));
        Assert.NotNull(cache.TryTake(a.Instance));
        Assert.NotNull(cache.TryTake(new WorkflowInstance("c", "e")));
    }

    [Fact]
    public void TryTake_IdleTooLong_ReturnsNull()
    {
        var clock = new FakeTimeProvider();
        var cache = new ExecutorCache(10, TimeSpan.FromMinutes(5), clock);
        var a = Executor("a");
        cache.Put(a);

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Null(cache.TryTake(a.Instance));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryTake_TakesExecutorOut_SoNoTwoTasksShareIt()
    {
        var cache = new ExecutorCache(10, TimeSpan.FromMinutes(5), TimeProvider.System);
        var a = Executor("a");
        cache.Put(a);

        Assert.Same(a, cache.TryTake(a.Instance));
        Assert.Null(cache.TryTake(a.Instance));
    }
}

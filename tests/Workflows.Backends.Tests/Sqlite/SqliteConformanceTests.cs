using Microsoft.Data.Sqlite;
using Workflows.Backends.Tests.Conformance;
using Workflows.History;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

public sealed class SqliteFileConformanceTests : FusedStepConformanceTests
{
    private readonly TempDirectory _dir = new();

    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(SqliteBackend.Open(_dir.File("workflows.db"), new SqliteBackendOptions { Backend = options }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task BatchClaimActivities_ARowThatDoesNotDecode_FailsThatActivity_AndTheOthersAreHandedOut()
    {
        var instance = await CreateAsync("batch-corrupt");
        var task = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, activities: [ActivityScheduled(1), ActivityScheduled(2), ActivityScheduled(3)]));
        using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _dir.File("workflows.db"), Pooling = false }.ToString()))
        {
            db.Open();
            using var corrupt = db.CreateCommand();
            corrupt.CommandText = "UPDATE activities SET attributes = '{not json' WHERE schedule_event_id = 2";
            Assert.Equal(1, corrupt.ExecuteNonQuery());
        }

        var claimed = await ((IBatchClaimBackend)Backend).GetActivityTasksAsync(DefaultQueues, 5);

        Assert.Equal([1L, 3L], claimed.Select(a => a.ScheduledEvent.ScheduleEventId));
        Assert.Empty(await ((IBatchClaimBackend)Backend).GetActivityTasksAsync(DefaultQueues, 5));

        // The workflow learns that activity 2 failed, for good, and why.
        var next = await ClaimRequiredAsync();
        Assert.Equal(instance, next.Instance);
        var failed = Assert.Single(next.NewEvents);
        Assert.Equal(EventType.ActivityFailed, failed.Type);
        Assert.Equal(2, failed.ScheduleEventId);
        var error = ((ActivityFailedAttributes)failed.Attributes).Error;
        Assert.True(error.NonRetryable);
        Assert.Equal(typeof(CorruptRowException).FullName, error.Type);
    }
}

public sealed class SqliteInMemoryConformanceTests : FusedStepConformanceTests
{
    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(SqliteBackend.InMemory(new SqliteBackendOptions { Backend = options }));
}

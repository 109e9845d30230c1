using Workflows.Backends;

// Compiled into both server backends (see ServerBackend.WorkflowTasks.cs). The asynchronous renewals and the
// synchronous ones of the lease-renewal thread run the same statement with the same parameters and the same fence.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;

public sealed partial class MySqlBackend : ISynchronousLeaseRenewal
#else
namespace Workflows.Postgres;

public sealed partial class PostgresBackend : ISynchronousLeaseRenewal
#endif
{
    /// <inheritdoc />
    void ISynchronousLeaseRenewal.ExtendWorkflowTask(WorkflowTask task)
    {
        ArgumentNullException.ThrowIfNull(task);

        // Tables: executions (one statement, in autocommit).
        Fence.RequireHeld(ExecuteSynchronously(Sql.ExtendExecutionLease, now => WorkflowLeaseParameters(task, now)), Fence.WorkflowTask(task.Instance));
    }

    /// <inheritdoc />
    void ISynchronousLeaseRenewal.ExtendActivityTask(ActivityTask task)
    {
        ArgumentNullException.ThrowIfNull(task);

        // Tables: activities (one statement, in autocommit).
        Fence.RequireHeld(ExecuteSynchronously(Sql.ExtendActivityLease, now => ActivityLeaseParameters(task, now)), Fence.ActivityTask(task.ScheduledEvent.Id, task.Instance));
    }

    /// <summary>
    /// Runs one statement in autocommit mode entirely on the calling thread (both drivers' synchronous methods do
    /// their I/O there), with <c>@now</c> bound to the database clock read on the same connection first. No retry:
    /// the caller (the lease-renewal thread) tries again at its next interval.
    /// </summary>
    private int ExecuteSynchronously(string sql, Func<DateTime, (string Name, object? Value)[]> parameters)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var connection = OpenConnectionSynchronously();
        DateTime now;
        if (_options.UseBackendClock)
        {
            now = LocalNow();
        }
        else
        {
            using var read = connection.CreateCommand();
            read.CommandText = Sql.SelectDatabaseNow;
            now = DateTime.SpecifyKind((DateTime)read.ExecuteScalar()!, DateTimeKind.Utc);
        }

        var db = new Db(connection, now);
        using var command = db.Command(sql, null, parameters(now));
        int rows = command.ExecuteNonQuery();
        Interlocked.Increment(ref _commits);
        return rows;
    }

    /// <summary>The parameters of <c>Sql.ExtendExecutionLease</c>: the lease runs a full length from <paramref name="now"/>.</summary>
    private (string Name, object? Value)[] WorkflowLeaseParameters(WorkflowTask task, DateTime now) =>
    [
        ("@instanceId", task.Instance.InstanceId),
        ("@executionId", task.Instance.ExecutionId),
        ("@lockToken", task.LockToken),
        ("@lockedUntil", ServerTime.Add(now, Options.WorkflowLockTimeout)),
    ];

    /// <summary>The parameters of <c>Sql.ExtendActivityLease</c>.</summary>
    private (string Name, object? Value)[] ActivityLeaseParameters(ActivityTask task, DateTime now) =>
    [
        ("@instanceId", task.Instance.InstanceId),
        ("@executionId", task.Instance.ExecutionId),
        ("@eventId", task.ScheduledEvent.Id),
        ("@lockToken", task.LockToken),
        ("@lockedUntil", ServerTime.Add(now, Options.ActivityLockTimeout)),
    ];
}

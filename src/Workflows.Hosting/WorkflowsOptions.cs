namespace Workflows.Hosting;

/// <summary>
/// The settings bound from the <c>"Workflows"</c> configuration section (<see cref="SectionName"/>): which backend,
/// its connection string, lease lengths, and the workers' queues and limits. Validated when the host starts; a bad
/// value fails the start with a message naming its configuration key.
/// </summary>
public sealed class WorkflowsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Workflows";

    /// <summary>
    /// The backend to use, by the name its <c>Use...</c> method registered (<c>Sqlite</c>, <c>MySql</c>,
    /// <c>Postgres</c>, <c>InMemory</c>); null uses the only one registered.
    /// </summary>
    public string? Backend { get; set; }

    /// <summary>
    /// The backend's connection string (for SQLite, the database file's path), used when the <c>Use...</c> call gives
    /// none. A secret: never logged, never part of an error message.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a claimed workflow task stays leased without renewal; null keeps the backend's default.</summary>
    public TimeSpan? WorkflowLockTimeout { get; set; }

    /// <summary>How long a claimed activity task stays leased without renewal; null keeps the backend's default.</summary>
    public TimeSpan? ActivityLockTimeout { get; set; }

    /// <summary>
    /// Settings of the workers added with <c>AddWorker</c>, matched by <see cref="WorkflowWorkerSettings.Name"/>
    /// (an entry without a name belongs to the worker named <c>default</c>); they override what code set.
    /// </summary>
    public IList<WorkflowWorkerSettings> Workers { get; } = [];
}

namespace Workflows.Hosting;

/// <summary>
/// The settings of one hosted worker, set in code by <c>AddWorker(name, settings =&gt; ...)</c> and overridden by the
/// matching entry of <c>Workflows:Workers</c> in configuration.
/// </summary>
public sealed class WorkflowWorkerSettings
{
    /// <summary>The name of the default worker.</summary>
    public const string DefaultName = "default";

    /// <summary>The worker's name, unique in a host; it names the worker in logs and health reports.</summary>
    public string? Name { get; set; }

    /// <summary>The queues the worker polls; empty polls the default queue.</summary>
    public IList<string> Queues { get; } = [];

    /// <summary>Concurrent workflow-task pollers.</summary>
    public int WorkflowPollers { get; set; } = 2;

    /// <summary>Concurrent activity-task pollers.</summary>
    public int ActivityPollers { get; set; } = 2;

    /// <summary>Workflow tasks in flight at once.</summary>
    public int MaxParallelWorkflowTasks { get; set; } = 100;

    /// <summary>
    /// Activities executing at once (the slot of one whose body has returned is free while its result commits).
    /// </summary>
    public int MaxParallelActivities { get; set; } = 100;

    /// <summary>The longest pause between two polls when there is nothing to do.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Keep executors of running instances in memory between workflow tasks.</summary>
    public bool EnableExecutorCache { get; set; } = true;

    /// <summary>
    /// How many executors the cache keeps, least recently used out first. A worker that runs more instances at once
    /// than this replays a history for most of their workflow tasks; size it to the instances running at once when
    /// memory allows.
    /// </summary>
    public int ExecutorCacheSize { get; set; } = 1024;

    /// <summary>
    /// The oldest the backlog gauges (<c>workflows.workflow_task.pending</c>, <c>workflows.activity_task.pending</c>) may
    /// be before a metrics scrape has them read again, in the background; zero or less leaves them to other workers.
    /// </summary>
    public TimeSpan BacklogMetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a running worker may go without polling (while it has free slots) before its health check reports it
    /// degraded.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}

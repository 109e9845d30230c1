namespace Workflows.Runtime;

/// <summary>
/// The single-threaded scheduler that owns one workflow instance. Workflow code and every continuation of it
/// run here, one at a time, in queue order, on the thread that calls <see cref="RunUntilBlocked"/>: this is what
/// makes execution deterministic. It never inlines, so the order never depends on who completed a task.
/// </summary>
internal sealed class WorkflowScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly Lock _gate = new();
    private Thread? _owner;
    private SynchronizationContext? _savedContext;

    /// <summary>
    /// Set when a task was queued from a thread other than the executor's while it runs, or while it is idle:
    /// the workflow awaited something the runtime did not create and its continuation arrived from outside.
    /// </summary>
    public bool ForeignQueueDetected { get; private set; }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>
    /// Marks the calling thread as the one driving this scheduler (applying events and running code). A
    /// synchronization context of the caller (a UI or test framework) is removed meanwhile: <c>await</c> prefers it
    /// over the task scheduler and would carry workflow continuations off this scheduler.
    /// </summary>
    public void Enter()
    {
        _owner = Thread.CurrentThread;
        _savedContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
    }

    /// <summary>Ends <see cref="Enter"/>: from now on, any queued task comes from outside.</summary>
    public void Exit()
    {
        SynchronizationContext.SetSynchronizationContext(_savedContext);
        _savedContext = null;
        _owner = null;
    }

    /// <summary>Runs queued tasks until none is left.</summary>
    public void RunUntilBlocked()
    {
        while (true)
        {
            Task? next;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    protected override void QueueTask(Task task)
    {
        if (_owner != Thread.CurrentThread)
        {
            ForeignQueueDetected = true;
        }

        lock (_gate)
        {
            _queue.Enqueue(task);
        }
    }

    // Never inline: continuations always go through the queue, so their order is the order they were queued.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate)
        {
            return _queue.ToArray();
        }
    }
}

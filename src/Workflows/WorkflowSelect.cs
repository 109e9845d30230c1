namespace Workflows;

/// <summary>
/// Waits for the first ready case among tasks and channel receives, runs its handler and reports which it was.
/// Cases are checked in the order they were added; only the picked case's value is taken, so a select never
/// consumes a value for a case it did not pick. With a default case, it does not wait.
/// </summary>
public sealed class WorkflowSelect
{
    private readonly WorkflowContext _context;
    private readonly List<Case> _cases = [];
    private Action? _default;

    internal WorkflowSelect(WorkflowContext context) => _context = context;

    /// <summary>Adds a case that is ready when <paramref name="task"/> completes.</summary>
    public WorkflowSelect OnTask(Task task, Action<Task>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        _cases.Add(new Case(() => task.IsCompleted, () => handler?.Invoke(task), () => task));
        return this;
    }

    /// <summary>Adds a case that is ready when <paramref name="task"/> completes, with its result.</summary>
    public WorkflowSelect OnTask<T>(Task<T> task, Action<Task<T>>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        _cases.Add(new Case(() => task.IsCompleted, () => handler?.Invoke(task), () => task));
        return this;
    }

    /// <summary>Adds a case that is ready when the channel has a value; the value is taken only if this case is picked.</summary>
    public WorkflowSelect OnReceive<T>(IWorkflowReadable<T> channel, Action<T>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        T value = default!;
        _cases.Add(new Case(() => channel.TryReceive(out value), () => handler?.Invoke(value), channel.WaitToReadAsync));
        return this;
    }

    /// <summary>Adds a default case, picked when no other case is ready.</summary>
    public WorkflowSelect OnDefault(Action? handler = null)
    {
        _default = handler ?? (() => { });
        return this;
    }

    /// <summary>Picks a case and runs its handler.</summary>
    /// <returns>The index of the picked case in the order added, or -1 for the default case.</returns>
    public async Task<int> RunAsync()
    {
        _context.Executor.AssertOnScheduler("Select");
        while (true)
        {
            for (int i = 0; i < _cases.Count; i++)
            {
                if (_cases[i].TryTake())
                {
                    _cases[i].Run();
                    return i;
                }
            }

            if (_default is not null)
            {
                _default();
                return -1;
            }

            // Wait until some case may be ready, then check again in order (a receive may have been taken by
            // another coroutine meanwhile, in which case this select keeps waiting).
            await Task.WhenAny(_cases.Select(c => c.Wait()));
        }
    }

    private sealed record Case(Func<bool> TryTake, Action Run, Func<Task> Wait);
}

namespace Workflows;

public sealed partial class WorkflowContext
{
    /// <summary>
    /// The channel of signals named <paramref name="name"/>. Signals that arrived before this call are kept in
    /// arrival order; the same name always returns a view of the same queue.
    /// </summary>
    public SignalChannel<T> Signals<T>(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _executor.AssertOnScheduler(nameof(Signals));
        return new SignalChannel<T>(_executor, _executor.SignalQueue(name));
    }

    /// <summary>A channel between coroutines of this workflow; capacity 0 makes a send wait for its receiver.</summary>
    public WorkflowChannel<T> NewChannel<T>(int capacity = 0)
    {
        _executor.AssertOnScheduler(nameof(NewChannel));
        return new WorkflowChannel<T>(_executor, capacity);
    }

    /// <summary>
    /// Starts a coroutine on the workflow scheduler. Coroutines run one at a time, in the order they become
    /// runnable, so they are as deterministic as the workflow itself. Await the returned task to observe its end.
    /// </summary>
    public Task Go(Func<WorkflowContext, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _executor.AssertOnScheduler(nameof(Go));
        return Task.Factory.StartNew(() => body(this), CancellationToken.None, TaskCreationOptions.DenyChildAttach, _executor.Scheduler).Unwrap();
    }

    /// <summary>Starts a coroutine that returns a value.</summary>
    /// <inheritdoc cref="Go(Func{WorkflowContext, Task})"/>
    public Task<T> Go<T>(Func<WorkflowContext, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _executor.AssertOnScheduler(nameof(Go));
        return Task.Factory.StartNew(() => body(this), CancellationToken.None, TaskCreationOptions.DenyChildAttach, _executor.Scheduler).Unwrap();
    }

    /// <summary>Waits for all tasks; the results are in argument order. Equivalent to <see cref="Task.WhenAll{TResult}(Task{TResult}[])"/>, which is also safe here.</summary>
    public Task<T[]> WhenAll<T>(params Task<T>[] tasks)
    {
        _executor.AssertOnScheduler(nameof(WhenAll));
        return Task.WhenAll(tasks);
    }

    /// <summary>Waits for all tasks.</summary>
    public Task WhenAll(params Task[] tasks)
    {
        _executor.AssertOnScheduler(nameof(WhenAll));
        return Task.WhenAll(tasks);
    }

    /// <summary>
    /// Waits for the first task to complete. Tie-break: if several are complete when called, the first in argument
    /// order wins; otherwise the one whose completion comes first in the history. Replays identically.
    /// </summary>
    public Task<Task<T>> WhenAny<T>(params Task<T>[] tasks)
    {
        _executor.AssertOnScheduler(nameof(WhenAny));
        return Task.WhenAny(tasks);
    }

    /// <inheritdoc cref="WhenAny{T}(Task{T}[])"/>
    public Task<Task> WhenAny(params Task[] tasks)
    {
        _executor.AssertOnScheduler(nameof(WhenAny));
        return Task.WhenAny(tasks);
    }

    /// <summary>Starts a select over tasks and channel receives; see <see cref="WorkflowSelect"/>.</summary>
    public WorkflowSelect Select()
    {
        _executor.AssertOnScheduler(nameof(Select));
        return new WorkflowSelect(this);
    }

    /// <summary>Sends a signal to another instance's active execution.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has that id.</exception>
    public async Task SignalWorkflowAsync(string instanceId, string signalName, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(signalName);
        try
        {
            // Delivered by a built-in activity: the result (or not-found) is recorded like any activity's.
            await ExecuteActivityAsync(Worker.BuiltInActivities.SignalWorkflow, null, instanceId, signalName, value is null ? null : _executor.Converter.Serialize(value, value.GetType()));
        }
        catch (ActivityFailedException ex) when (ex.OriginalType == typeof(WorkflowInstanceNotFoundException).FullName)
        {
            throw new WorkflowInstanceNotFoundException(instanceId, "signal '" + signalName + "' was not delivered");
        }
    }

    /// <summary>
    /// Ends this execution and starts a new one of the same instance with <paramref name="args"/> and a fresh
    /// history: <c>throw ctx.ContinueAsNew(nextInput);</c>. Signals not yet received move to the new execution.
    /// </summary>
    public ContinueAsNewException ContinueAsNew(params object?[] args)
    {
        _executor.AssertOnScheduler(nameof(ContinueAsNew));
        return new ContinueAsNewException(Serialization.PayloadLimits.EncodeArguments(_executor.Converter, args, _executor.MaxPayloadSize, $"continue-as-new of '{WorkflowName}'"));
    }
}

/// <summary>
/// Thrown by a workflow to continue as a new execution (create it with <see cref="WorkflowContext.ContinueAsNew"/>).
/// </summary>
public sealed class ContinueAsNewException : Exception
{
    internal ContinueAsNewException(IReadOnlyList<string?> inputs)
        : base("The workflow continues as a new execution.") => Inputs = inputs;

    internal IReadOnlyList<string?> Inputs { get; }

    internal object? Result { get; private set; }

    internal bool HasResult { get; private set; }

    /// <summary>The value the ending execution reports as its result.</summary>
    public ContinueAsNewException WithResult(object? result)
    {
        Result = result;
        HasResult = true;
        return this;
    }
}

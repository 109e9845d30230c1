using Workflows.Runtime;
using Workflows.Serialization;

namespace Workflows;

public sealed partial class WorkflowContext
{
    /// <summary>Schedules an activity by name and returns its result.</summary>
    /// <param name="name">The registered activity name.</param>
    /// <param name="options">Queue and other options; defaults when null.</param>
    /// <param name="args">The arguments, encoded with the payload converter.</param>
    /// <exception cref="ActivityFailedException">The activity threw (carries the original type, message and stack).</exception>
    /// <exception cref="WorkflowCanceledException">The workflow was cancelled before the call.</exception>
    public Task<T> ExecuteActivityAsync<T>(string name, ActivityOptions? options, params object?[] args)
        => _executor.Interceptors.Count == 0
            ? ScheduleActivity<T>(name, options, args, typeof(T))
            : Cast<T>(CallActivity(name, options, args, typeof(T)));

    /// <summary>Schedules an activity by name that returns no result, and waits for it.</summary>
    /// <inheritdoc cref="ExecuteActivityAsync{T}(string, ActivityOptions?, object?[])"/>
    public Task ExecuteActivityAsync(string name, ActivityOptions? options, params object?[] args)
        => CallActivity(name, options, args, typeof(void));

    /// <summary>Starts a sub-workflow by name and returns its result.</summary>
    /// <param name="name">The registered workflow name.</param>
    /// <param name="options">Instance id, queue and cancellation; defaults when null.</param>
    /// <param name="args">The arguments.</param>
    /// <exception cref="SubWorkflowFailedException">The sub-workflow failed, was cancelled, or its instance id was active already.</exception>
    /// <exception cref="WorkflowCanceledException">The workflow (or the options' token) was cancelled before the sub-workflow started.</exception>
    public Task<T> ExecuteSubWorkflowAsync<T>(string name, SubWorkflowOptions? options, params object?[] args)
        => _executor.Interceptors.Count == 0
            ? ScheduleSubWorkflow<T>(name, options, args, typeof(T))
            : Cast<T>(CallSubWorkflow(name, options, args, typeof(T)));

    /// <summary>Starts a sub-workflow by name that returns no result, and waits for it.</summary>
    /// <inheritdoc cref="ExecuteSubWorkflowAsync{T}(string, SubWorkflowOptions?, object?[])"/>
    public Task ExecuteSubWorkflowAsync(string name, SubWorkflowOptions? options, params object?[] args)
        => CallSubWorkflow(name, options, args, typeof(void));

    /// <summary>A durable timer: completes after <paramref name="delay"/> of workflow time, even across restarts.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the timer; the workflow's own token when not given.</param>
    /// <exception cref="TaskCanceledException">The timer was cancelled.</exception>
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken = default)
        => DelayUntilAsync(Now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), cancellationToken);

    /// <summary>A durable timer that completes at <paramref name="time"/> (no earlier, by the backend's clock).</summary>
    /// <param name="time">When to fire.</param>
    /// <param name="cancellationToken">Cancels the timer; the workflow's own token when not given.</param>
    public Task DelayUntilAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        _executor.AssertOnScheduler(nameof(DelayAsync));
        var token = cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken;
        if (!cancellationToken.CanBeCanceled && IsCanceledHere())
        {
            return Task.FromException(new WorkflowCanceledException("The workflow was canceled; the timer was not started."));
        }

        if (token.IsCancellationRequested)
        {
            return Task.FromCanceled(token);
        }

        var timer = new ScheduleTimerCommand(_executor.NextScheduleEventId(), time);
        _executor.AddCommand(timer);
        if (token.CanBeCanceled)
        {
            timer.Registration = token.Register(() => CancelTimer(timer));
        }

        return timer.Completion.Task;
    }

    private void CancelTimer(ScheduleTimerCommand timer)
    {
        _executor.AssertOnScheduler("timer cancellation");
        if (timer.Completion.Task.IsCompleted)
        {
            return;
        }

        if (timer.State == CommandState.New)
        {
            // Never recorded: the timer simply never existed.
            _executor.DropCommand(timer);
        }
        else
        {
            timer.Cancel = new CancelTimerCommand(timer.Id);
            _executor.AddCancelCommand(timer.Cancel);
        }

        timer.Completion.TrySetCanceled();
    }

    /// <summary>
    /// Runs <paramref name="sideEffect"/> once and records its result; on replay the recorded result is returned and
    /// the function is not run again. Use it for small non-deterministic values (an id from elsewhere, a random pick).
    /// If it throws, the workflow task fails and is retried.
    /// </summary>
    public Task<T> SideEffectAsync<T>(Func<T> sideEffect)
    {
        ArgumentNullException.ThrowIfNull(sideEffect);
        _executor.AssertOnScheduler(nameof(SideEffectAsync));
        var completion = new CallCompletion<T>();
        var command = new SideEffectCommand(_executor.NextScheduleEventId(), typeof(T), completion);
        _executor.AddCommand(command);
        if (IsReplaying)
        {
            // Completed now, as the live run completed it: the code after the await continues inline, before any
            // other coroutine or event of this task, so later schedule ids go to the same calls.
            _executor.CompleteFromRecordedSideEffect(command);
        }
        else
        {
            T value;
            try
            {
                value = sideEffect();
            }
            catch (Exception ex)
            {
                throw _executor.Violate($"Side effect {command.Id} of workflow '{WorkflowName}' threw {ex.GetType().Name}: {ex.Message}. A side effect must not fail; use an activity for work that can.");
            }

            command.Result = PayloadLimits.Encode(_executor.Converter, value, typeof(T), _executor.MaxPayloadSize, $"result of side effect {command.Id}");
            completion.TrySetResult(value);
        }

        return completion.Task;
    }

    // T is the type the caller awaits: the result type itself, or object when an interceptor or an untyped call
    // stands between (resultType then says what to decode).
    private Task<T> ScheduleActivity<T>(string name, ActivityOptions? options, object?[] args, Type resultType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _executor.AssertOnScheduler(nameof(ExecuteActivityAsync));
        if (IsCanceledHere())
        {
            return Task.FromException<T>(new WorkflowCanceledException($"The workflow was canceled; activity '{name}' was not scheduled."));
        }

        options ??= ActivityOptions.Default;
        var inputs = PayloadLimits.EncodeArguments(_executor.Converter, args, _executor.MaxPayloadSize, $"activity '{name}'");
        string queue = options.Queue ?? Queue;
        Task<T> Attempt(int attempt) => AddActivityAttempt<T>(name, queue, inputs, resultType, attempt, options.StartToCloseTimeout);
        var first = Attempt(1);
        var work = options.RetryPolicy is { } policy ? RetryAsync(first, Attempt, policy, Now) : first;
        return options.ScheduleToCloseTimeout is { } limit ? WithDeadlineAsync(work, limit, name) : work;
    }

    private Task<T> AddActivityAttempt<T>(string name, string queue, IReadOnlyList<string?> inputs, Type resultType, int attempt, TimeSpan? startToClose)
    {
        var completion = new CallCompletion<T>();
        _executor.AddCommand(new ScheduleActivityCommand(_executor.NextScheduleEventId(), name, queue, inputs, resultType, attempt, startToClose, completion));
        return completion.Task;
    }

    // Runs on the workflow scheduler: every attempt and every back-off timer is a recorded command. The first
    // attempt is scheduled by the caller, synchronously, so schedule ids do not depend on this method's awaits.
    private async Task<T> RetryAsync<T>(Task<T> first, Func<int, Task<T>> attempt, RetryPolicy policy, DateTimeOffset start)
    {
        var current = first;
        for (int n = 1; ; n++)
        {
            try
            {
                return await current;
            }
            catch (WorkflowFailureException ex) when (policy.ShouldRetry(ex.Error, n, Now - start, out var delay))
            {
                await DelayAsync(delay);
                current = attempt(n + 1);
            }
        }
    }

    // The schedule-to-close deadline is a durable timer racing the call; when it wins, a late result is ignored.
    private async Task<T> WithDeadlineAsync<T>(Task<T> work, TimeSpan limit, string name)
    {
        using var deadline = new CancellationTokenSource();
        var timer = DelayAsync(limit, deadline.Token);
        var first = await Task.WhenAny(work, timer);
        if (first == timer && timer.IsCompletedSuccessfully)
        {
            throw new ActivityFailedException(name, WorkflowError.FromException(new ActivityTimeoutException(
                $"Activity '{name}' did not complete within its schedule-to-close timeout of {limit}.")) with { NonRetryable = true });
        }

        deadline.Cancel();
        return await work;
    }

    private Task<T> ScheduleSubWorkflow<T>(string name, SubWorkflowOptions? options, object?[] args, Type resultType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _executor.AssertOnScheduler(nameof(ExecuteSubWorkflowAsync));
        options ??= SubWorkflowOptions.Default;
        var token = options.CancellationToken.CanBeCanceled ? options.CancellationToken : CancellationToken;
        if (IsCanceledHere() || token.IsCancellationRequested)
        {
            return Task.FromException<T>(new WorkflowCanceledException($"Sub-workflow '{name}' was canceled before it started."));
        }

        var inputs = PayloadLimits.EncodeArguments(_executor.Converter, args, _executor.MaxPayloadSize, $"sub-workflow '{name}'");
        string queue = options.Queue ?? Queue;
        string? instanceId = options.InstanceId;
        Task<T> Attempt(int attempt)
        {
            if (token.IsCancellationRequested)
            {
                return Task.FromException<T>(new WorkflowCanceledException($"Sub-workflow '{name}' was canceled before it started."));
            }

            long id = _executor.NextScheduleEventId();

            // Retries reuse the first attempt's instance id: the failed child has finished, so the id is free again.
            instanceId ??= $"{InstanceId}:{id}";
            var completion = new CallCompletion<T>();
            var command = new ScheduleSubWorkflowCommand(id, name, instanceId, Guid.NewGuid().ToString("N"), queue, inputs, resultType, completion);
            _executor.AddCommand(command);
            if (token.CanBeCanceled)
            {
                command.Registration = token.Register(() => CancelSubWorkflow(command));
            }

            return completion.Task;
        }

        var first = Attempt(1);
        return options.RetryPolicy is { } policy ? RetryAsync(first, Attempt, policy, Now) : first;
    }

    private void CancelSubWorkflow(ScheduleSubWorkflowCommand command)
    {
        _executor.AssertOnScheduler("sub-workflow cancellation");
        if (command.Completion.Task.IsCompleted || command.Cancel is not null)
        {
            return;
        }

        if (command.State == CommandState.New)
        {
            _executor.DropCommand(command);
            command.Completion.TrySetException(new WorkflowCanceledException($"Sub-workflow '{command.Name}' was canceled before it started."));
        }
        else
        {
            // The child decides how to end; its result (usually a cancellation error) still arrives.
            command.Cancel = new CancelSubWorkflowCommand(command.Id, command);
            _executor.AddCancelCommand(command.Cancel);
        }
    }

    private bool IsCanceledHere() => !_disconnected && _executor.CancellationToken.IsCancellationRequested;

    // Only behind an interceptor, whose chain passes results as object. Runs on the workflow scheduler: a plain await
    // keeps the continuation there.
    private static async Task<T> Cast<T>(Task<object?> task) => (T)(await task)!;
}

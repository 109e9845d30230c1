using Workflows.History;
using Workflows.Worker;

namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    // Signal handlers that have not finished (an async handler is a coroutine of the workflow), and the conditions
    // the code waits on, re-evaluated after every event has run the code until it blocked.
    private readonly List<(string Signal, Task Task)> _handlers = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Completion)> _conditions = [];
    private WorkflowDefinition? _definition;
    private object? _workflowObject;
    private WorkflowSignalException? _signalFailure;

    /// <summary>The object of a workflow class for this execution; null for the method form or before the start.</summary>
    internal object? WorkflowObject => _workflowObject;

    // Called from StartWorkflow on the scheduler: the object is created there, so its constructor is workflow code too.
    private Task<object?> Invoke(WorkflowDefinition definition, PayloadArguments arguments)
    {
        _definition = definition;
        if (definition is { Create: { } create, Run: { } run })
        {
            _workflowObject = create();
            return run(_workflowObject, Context, arguments);
        }

        return definition.Invoker(Context, arguments);
    }

    /// <summary>
    /// Hands a signal to its handler when the workflow is a class that declares one; the handler is queued on the
    /// scheduler now, so it runs before any continuation the later events release.
    /// </summary>
    private bool TryDispatchSignal(SignalReceivedAttributes signal)
    {
        if (_workflowObject is not { } workflow || _definition is null || !_definition.Signals.TryGetValue(signal.Name, out var handler))
        {
            return false;
        }

        var task = Task.Factory.StartNew(
            () => RunHandler(workflow, handler, signal.Value),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            _scheduler).Unwrap();
        _handlers.Add((signal.Name, task));
        return true;
    }

    private Task RunHandler(object workflow, WorkflowSignalDefinition handler, string? value)
    {
        PayloadArguments arguments = new([value], _converter, $"signal '{handler.Name}' of workflow '{Started?.Name}'");
        try
        {
            return handler.Handler(workflow, arguments);
        }
        catch (ArgumentMismatchException ex)
        {
            throw new WorkflowSignalException(
                handler.Name,
                $"Signal '{handler.Name}' sent to workflow '{Started?.Name}' ({Instance}) cannot be taken: its value does not decode as {handler.ValueType.Name}. "
                + "The workflow task fails and the instance stays blocked with the signal unprocessed; terminate the instance, or deploy a handler that accepts the value.",
                ex);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; it is evaluated after each event has run the code.</summary>
    internal Task WaitCondition(Func<bool> condition, CancellationToken cancellationToken)
    {
        if (condition())
        {
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource();
        _conditions.Add((condition, completion));
        if (cancellationToken.CanBeCanceled)
        {
            // Fires on the scheduler (cancellation is applied there), so the waiter's continuation stays workflow code.
            cancellationToken.Register(() => completion.TrySetException(new WorkflowCanceledException()));
        }

        return completion.Task;
    }

    /// <summary>
    /// After the code ran until blocked: releases the conditions that now hold (running the code again, until none
    /// changes), then fails the workflow task if a signal handler failed.
    /// </summary>
    private void AfterRun()
    {
        bool released;
        do
        {
            released = false;
            for (int i = 0; i < _conditions.Count; i++)
            {
                var (condition, completion) = _conditions[i];
                if (completion.Task.IsCompleted)
                {
                    _conditions.RemoveAt(i--);
                    continue;
                }

                bool holds;
                try
                {
                    holds = condition();
                }
                catch (Exception ex)
                {
                    _conditions.RemoveAt(i--);
                    completion.TrySetException(ex);
                    released = true;
                    continue;
                }

                if (holds)
                {
                    _conditions.RemoveAt(i--);
                    completion.TrySetResult();
                    released = true;
                }
            }

            if (released)
            {
                _scheduler.RunUntilBlocked();
            }
        }
        while (released);

        for (int i = 0; i < _handlers.Count; i++)
        {
            var (signal, task) = _handlers[i];
            if (!task.IsCompleted)
            {
                continue;
            }

            _handlers.RemoveAt(i--);
            if (task.Exception?.InnerException is { } error)
            {
                _signalFailure ??= error as WorkflowSignalException ?? new WorkflowSignalException(
                    signal,
                    $"The handler of signal '{signal}' of workflow '{Started?.Name}' ({Instance}) threw {error.GetType().Name}: {error.Message} "
                    + "The workflow task fails and the instance stays blocked; a handler that should end the workflow must make the run method end it.",
                    error);
            }
        }

        if (_signalFailure is not null)
        {
            throw _signalFailure;
        }
    }

    // A condition is legitimate waiting: a signal handler may make it hold.
    private bool HasConditionWaiters() => _conditions.Count > 0;
}

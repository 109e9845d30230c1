using System.Diagnostics;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Testing;

public sealed partial class WorkflowTester
{
    // How often the driver looks again when no write woke it (an abandoned task writes nothing it could wake on).
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Starts workflow <paramref name="workflowName"/> with <paramref name="arguments"/> and drives it to the end:
    /// whenever nothing is runnable and no activity runs, the mock clock jumps to the next timer or callback. Returns
    /// when the workflow has finished, however it ended; read the outcome with <see cref="GetResult{T}"/>,
    /// <see cref="Status"/>, <see cref="Error"/> and <see cref="History"/>. A tester runs one workflow once.
    /// </summary>
    /// <exception cref="WorkflowBlockedException">The workflow can never move again; the message lists what it waits on.</exception>
    /// <exception cref="WorkflowTestException">
    /// An activity or sub-workflow was called that nobody mocked or registered, a workflow task could not commit
    /// (non-determinism, a runtime violation, an unknown workflow), or the run took longer than
    /// <see cref="WorkflowTesterOptions.Timeout"/> in real time.
    /// </exception>
    public Task RunAsync(string workflowName, params object?[] arguments) => RunAsync(workflowName, arguments, CancellationToken.None);

    /// <summary>Like <see cref="RunAsync(string, object?[])"/>, stopped by <paramref name="cancellationToken"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the worker is stopped.</exception>
    public Task RunAsync(string workflowName, object?[] arguments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowName);
        return RunAsync((client, options) => client.StartWorkflowAsync(workflowName, options, arguments, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Like <see cref="RunAsync(string, object?[])"/>, with the workflow started by <paramref name="start"/>: the way to
    /// use generated typed stubs, e.g. <c>tester.RunAsync((client, options) =&gt; client.StartWorkflow1Async("hello", options))</c>.
    /// <paramref name="start"/> must start exactly one workflow, with the <see cref="WorkflowOptions"/> it is given.
    /// </summary>
    /// <exception cref="WorkflowBlockedException">The workflow can never move again.</exception>
    /// <exception cref="WorkflowTestException">See <see cref="RunAsync(string, object?[])"/>; also when <paramref name="start"/> did not use the options it was given.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the worker is stopped.</exception>
    public async Task RunAsync(Func<WorkflowClient, WorkflowOptions, Task> start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A WorkflowTester runs one workflow once; create another for the next run.");
        }

        _workerRegistry = BuildWorkerRegistry();
        _worker = new WorkflowWorker(_backend, _workerRegistry, new WorkflowWorkerOptions
        {
            WorkflowPollers = 1,
            ActivityPollers = 2,
            EnableExecutorCache = Options.EnableExecutorCache,
            Interceptors = Options.Interceptors,
            PayloadConverter = Options.PayloadConverter,
            TimeProvider = _clock,
        });
        await _worker.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await start(Client, new WorkflowOptions { InstanceId = Options.InstanceId }).ConfigureAwait(false);
            if (_backend.Probe(Options.InstanceId).Status is null)
            {
                throw new WorkflowTestException($"The start function did not start a workflow with instance id '{Options.InstanceId}': pass it the WorkflowOptions it is given.");
            }

            await DriveAsync(cancellationToken).ConfigureAwait(false);
            await CaptureOutcomeAsync().ConfigureAwait(false);
            ThrowIfFailed();
        }
        catch (WorkflowTestException)
        {
            // A failed test still shows where the workflow stood: its status and history so far.
            await CaptureOutcomeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await StopWorkerAsync().ConfigureAwait(false);
        }
    }

    private async Task CaptureOutcomeAsync()
    {
        try
        {
            _state = await Client.GetStateAsync(Options.InstanceId).ConfigureAwait(false);
            _history = await Client.GetHistoryAsync(Options.InstanceId, _state.Instance.ExecutionId).ConfigureAwait(false);
        }
        catch (WorkflowInstanceNotFoundException)
        {
            // The start never happened; there is nothing to show.
        }
    }

    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfFailed();
            var nextWrite = _backend.NextWrite;
            var probe = _backend.Probe(Options.InstanceId);
            if (probe.Status is null)
            {
                throw new WorkflowTestException($"The workflow instance '{Options.InstanceId}' disappeared from the backend.");
            }

            if (probe.Status.Value.IsFinished())
            {
                return;
            }

            CheckProbe(probe);
            if (!probe.Idle)
            {
                if (watch.Elapsed > Options.Timeout)
                {
                    throw new WorkflowTestException(
                        $"The workflow did not finish within {Options.Timeout} of real time (mock time {Elapsed} after start); something kept running: "
                        + (probe.Activities.Count > 0 ? $"activities {string.Join(", ", probe.Activities.Select(a => $"'{a.Name}'"))}" : "a workflow task") + ".");
                }

                await Task.WhenAny(nextWrite, Task.Delay(RecheckInterval, cancellationToken)).ConfigureAwait(false);
                continue;
            }

            if (await RunDueCallbacksAsync().ConfigureAwait(false))
            {
                _backend.WakePollers();
                continue;
            }

            var nextCallback = _callbacks.Where(c => !c.Done).Select(c => (DateTimeOffset?)(StartTime + c.FromStart)).Min();
            var next = Earliest(probe.NextFutureEvent, nextCallback);
            if (next is null)
            {
                throw await BlockedAsync().ConfigureAwait(false);
            }

            if (next.Value > _clock.GetUtcNow())
            {
                _clock.SetUtcNow(next.Value);
            }

            // Pollers computed their waits against the old time; wake them so the newly due work is claimed now.
            _backend.WakePollers();
        }
    }

    private void CheckProbe(BackendProbe probe)
    {
        foreach (var faulted in probe.Faulted)
        {
            throw new WorkflowTestException(
                $"A workflow task of '{faulted.WorkflowName}' ({faulted.Instance}) could not commit: {faulted.Error.Type}: {faulted.Error.Message}");
        }

        foreach (var activity in probe.Activities)
        {
            if (_workerRegistry is { } registry && !registry.TryGetActivity(activity.Name, out _))
            {
                throw new WorkflowTestException(
                    $"Activity '{activity.Name}' was called with ({FormatInputs(activity.Inputs)}) but has no mock and is not registered. "
                    + $"Mock it with tester.OnActivity(\"{activity.Name}\", ...) or register it in the registry given to the tester.");
            }
        }
    }

    // Runs the callbacks whose time has come, in time then registration order; true when any ran.
    private async Task<bool> RunDueCallbacksAsync()
    {
        var now = _clock.GetUtcNow();
        var due = _callbacks.Where(c => !c.Done && StartTime + c.FromStart <= now).OrderBy(c => c.FromStart).ThenBy(c => c.Order).ToList();
        foreach (var callback in due)
        {
            callback.Done = true;
            try
            {
                await callback.Callback(new WorkflowTesterControl(Client, Options.InstanceId, now, now - StartTime)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw new WorkflowTestException($"The callback at {callback.FromStart} after the start threw {ex.GetType().Name}: {ex.Message}", ex);
            }
        }

        return due.Count > 0;
    }

    private void ThrowIfFailed()
    {
        if (_failures.TryPeek(out var failure))
        {
            throw new WorkflowTestException(failure.Message, failure);
        }
    }

    private async Task StopWorkerAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;

            // Activities still running after the workflow ended (a sub-workflow's, a hung mock) are cut short.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await worker.StopAsync(stop.Token).ConfigureAwait(false);
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : a < b ? a : b;
}

using Workflows.Backends;
using Workflows.History;
using Workflows.Serialization;

namespace Workflows.Client;

/// <summary>
/// Starts workflows and talks to running ones, straight through the backend (there is no server). Safe to share.
/// </summary>
public sealed partial class WorkflowClient
{
    /// <summary>The queue used when none is given.</summary>
    public const string DefaultQueue = "default";

    /// <summary>Creates a client on a backend.</summary>
    public WorkflowClient(IBackend backend, WorkflowClientOptions? options = null)
    {
        Backend = backend ?? throw new ArgumentNullException(nameof(backend));
        Options = options ?? new WorkflowClientOptions();
    }

    /// <summary>The backend.</summary>
    public IBackend Backend { get; }

    /// <summary>The options.</summary>
    public WorkflowClientOptions Options { get; }

    private IPayloadConverter Converter => Options.PayloadConverter;

    // One clock for client, worker and backend unless the client's options name its own.
    private TimeProvider Clock => Options.TimeProvider ?? Backend.Options.TimeProvider;

    /// <summary>Starts a workflow by name.</summary>
    /// <param name="workflowName">The registered workflow name.</param>
    /// <param name="options">Instance id, queue and metadata.</param>
    /// <param name="args">The workflow's inputs after its context.</param>
    /// <exception cref="WorkflowInstanceAlreadyExistsException">The instance id has an active execution.</exception>
    /// <remarks>To pass a <see cref="CancellationToken"/>, use the overload that takes the inputs as an array.</remarks>
    public Task<WorkflowHandle> StartWorkflowAsync(string workflowName, WorkflowOptions? options, params object?[] args)
        => StartWorkflowAsync(workflowName, options, args, CancellationToken.None);

    /// <summary>Starts a workflow by name.</summary>
    /// <param name="workflowName">The registered workflow name.</param>
    /// <param name="options">Instance id, queue and metadata.</param>
    /// <param name="args">The workflow's inputs after its context.</param>
    /// <param name="cancellationToken">Cancels the call (not the workflow).</param>
    /// <exception cref="WorkflowInstanceAlreadyExistsException">The instance id has an active execution.</exception>
    public async Task<WorkflowHandle> StartWorkflowAsync(string workflowName, WorkflowOptions? options, object?[] args, CancellationToken cancellationToken)
    {
        var instance = await StartCoreAsync(workflowName, options, args, cancellationToken).ConfigureAwait(false);
        return new WorkflowHandle(this, instance);
    }

    /// <summary>Starts a workflow by name and returns a handle typed with its result.</summary>
    /// <inheritdoc cref="StartWorkflowAsync(string, WorkflowOptions?, object?[])"/>
    public Task<WorkflowHandle<TResult>> StartWorkflowAsync<TResult>(string workflowName, WorkflowOptions? options, params object?[] args)
        => StartWorkflowAsync<TResult>(workflowName, options, args, CancellationToken.None);

    /// <summary>Starts a workflow by name and returns a handle typed with its result.</summary>
    /// <inheritdoc cref="StartWorkflowAsync(string, WorkflowOptions?, object?[], CancellationToken)"/>
    public async Task<WorkflowHandle<TResult>> StartWorkflowAsync<TResult>(string workflowName, WorkflowOptions? options, object?[] args, CancellationToken cancellationToken)
    {
        var instance = await StartCoreAsync(workflowName, options, args, cancellationToken).ConfigureAwait(false);
        return new WorkflowHandle<TResult>(this, instance);
    }

    /// <summary>Starts a workflow with inputs already encoded (generated code and tools use this).</summary>
    /// <exception cref="InvalidIdentifierException">The workflow name, the instance id or the queue breaks the identifier rules.</exception>
    public Task<WorkflowInstance> StartWorkflowEncodedAsync(string workflowName, WorkflowOptions? options, IReadOnlyList<string?> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var start = global::Workflows.Interceptors.InterceptorChain.Build<global::Workflows.Interceptors.IWorkflowClientInterceptor, global::Workflows.Interceptors.StartWorkflowInput, Task<WorkflowInstance>>(
            Options.Interceptors, StartInterceptedAsync, static (i, input, next) => i.StartWorkflowAsync(input, next));
        return start(new global::Workflows.Interceptors.StartWorkflowInput(workflowName, options ?? new WorkflowOptions(), inputs, cancellationToken));
    }

    // The end of the start chain: what interceptors passed on is checked here, after them.
    private async Task<WorkflowInstance> StartInterceptedAsync(global::Workflows.Interceptors.StartWorkflowInput input)
    {
        var (workflowName, options, inputs, cancellationToken) = input;

        // Checked here too, so a canceled start creates nothing whatever the backend does with the token.
        cancellationToken.ThrowIfCancellationRequested();
        Identifiers.Check(workflowName, Identifiers.WorkflowName);
        Identifiers.Check(options.Queue, Identifiers.Queue);
        if (options.InstanceId is not null)
        {
            Identifiers.Check(options.InstanceId, Identifiers.InstanceId);
        }

        var instance = new WorkflowInstance(options.InstanceId ?? Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var started = HistoryEvent.Create(Clock.GetUtcNow(), new ExecutionStartedAttributes(workflowName, options.Queue, inputs));
        using var span = StartClientSpan("StartWorkflow", workflowName, instance.InstanceId);
        var metadata = CaptureMetadata(options, span);
        try
        {
            await Backend.CreateWorkflowInstanceAsync(instance, started, metadata, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Diagnostics.Telemetry.Failed(span, ex))
        {
            throw; // never reached: the filter only marks the span
        }

        Diagnostics.Telemetry.WorkflowsStarted.Add(1, Diagnostics.Telemetry.WorkflowTag(workflowName));
        FaultPoints.Hit(FaultPoints.ClientStartCommitted);
        return instance;
    }

    private Task<WorkflowInstance> StartCoreAsync(string workflowName, WorkflowOptions? options, object?[] args, CancellationToken cancellationToken)
    {
        // Identifiers first: a bad id is the more useful error, and nothing is encoded for nothing.
        Identifiers.Check(workflowName, Identifiers.WorkflowName);
        if (options?.InstanceId is { } id)
        {
            Identifiers.Check(id, Identifiers.InstanceId);
        }

        var inputs = PayloadLimits.EncodeArguments(Converter, args, Backend.Options.MaxPayloadSize, $"workflow '{workflowName}'");
        return StartWorkflowEncodedAsync(workflowName, options, inputs, cancellationToken);
    }

    /// <summary>Waits for the instance to finish and returns its result.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="timeout">How long to wait; forever when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="WorkflowFailedException">The workflow failed or was terminated.</exception>
    /// <exception cref="WorkflowCanceledException">The workflow ended by cancellation.</exception>
    /// <exception cref="WorkflowWaitTimeoutException">
    /// It did not finish within <paramref name="timeout"/>; the message carries its status and the error that blocks it, if any.
    /// </exception>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    /// <exception cref="PayloadException">The result does not decode as <typeparamref name="T"/>; the message names the instance.</exception>
    public async Task<T> GetResultAsync<T>(string instanceId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var state = await WaitForFinishAsync(instanceId, timeout, cancellationToken).ConfigureAwait(false);
        object? value;
        try
        {
            value = Converter.Deserialize(state.Result, typeof(T));
        }
        catch (PayloadException ex)
        {
            throw new PayloadException($"The result of workflow instance '{instanceId}' cannot be decoded as {typeof(T)}: {ex.Message}", ex);
        }

        return value is T typed || (value is null && default(T) is null)
            ? (T)value!
            : throw new PayloadException($"The result of workflow instance '{instanceId}' cannot be decoded as {typeof(T)}: the converter returned {value?.GetType().ToString() ?? "null"}.");
    }

    /// <summary>Waits for the instance to finish; throws like <see cref="GetResultAsync{T}"/> when it did not complete.</summary>
    public async Task WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => await WaitForFinishAsync(instanceId, timeout, cancellationToken).ConfigureAwait(false);

    private async Task<WorkflowInstanceState> WaitForFinishAsync(string instanceId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = timeout is { } t ? new CancellationTokenSource(t, Clock) : null;
        using var linked = timeoutSource is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var token = linked?.Token ?? cancellationToken;
        var pause = TimeSpan.FromMilliseconds(2);
        WorkflowInstanceState? last = null;
        try
        {
            while (true)
            {
                var state = await Backend.GetWorkflowInstanceStateAsync(instanceId, token).ConfigureAwait(false);
                last = state;
                switch (state.Status)
                {
                    case WorkflowStatus.Completed:
                        return state;
                    case WorkflowStatus.Failed:
                    case WorkflowStatus.Terminated:
                        // Terminated carries its reason as the error.
                        throw new WorkflowFailedException(instanceId, state.Error ?? new WorkflowError("Unknown", state.Status.ToString()));
                    case WorkflowStatus.Canceled:
                        throw new WorkflowCanceledException($"Workflow instance '{instanceId}' was canceled.");
                }

                // ContinuedAsNew is followed too: the state read always returns the latest execution.
                await Task.Delay(pause, Clock, token).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, Options.MaxResultPollInterval.Ticks));
            }
        }
        catch (OperationCanceledException) when (timeoutSource is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            // The last read is at most one poll interval old: enough to say why the instance is not done.
            throw new WorkflowWaitTimeoutException(instanceId, timeout!.Value, last?.WorkflowName, last?.Status, last?.LastTaskError, last?.Queue);
        }
    }

    /// <summary>Asks the instance to cancel. Its <see cref="WorkflowContext.CancellationToken"/> fires at its next workflow task.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this id.</exception>
    public Task CancelWorkflowAsync(string instanceId, CancellationToken cancellationToken = default)
        => global::Workflows.Interceptors.InterceptorChain.Build<global::Workflows.Interceptors.IWorkflowClientInterceptor, string, Task>(
            Options.Interceptors, id => Backend.CancelWorkflowInstanceAsync(id, cancellationToken), static (i, id, next) => i.CancelWorkflowAsync(id, next))(instanceId);

    /// <summary>The state of the instance's latest execution.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    public Task<WorkflowInstanceState> GetStateAsync(string instanceId, CancellationToken cancellationToken = default)
        => Backend.GetWorkflowInstanceStateAsync(instanceId, cancellationToken);

    /// <summary>The committed history of the instance's latest execution (or of <paramref name="executionId"/>).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, string? executionId = null, CancellationToken cancellationToken = default)
    {
        executionId ??= (await Backend.GetWorkflowInstanceStateAsync(instanceId, cancellationToken).ConfigureAwait(false)).Instance.ExecutionId;
        return await Backend.GetWorkflowInstanceHistoryAsync(new WorkflowInstance(instanceId, executionId), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The history as JSON, in the form the replayer reads.</summary>
    public async Task<string> ExportHistoryAsync(string instanceId, string? executionId = null, CancellationToken cancellationToken = default)
        => HistorySerializer.SerializeHistory(await GetHistoryAsync(instanceId, executionId, cancellationToken).ConfigureAwait(false));

    /// <summary>Removes a finished instance with its history.</summary>
    /// <exception cref="WorkflowNotFinishedException">It is still active.</exception>
    /// <exception cref="WorkflowInstanceNotFoundException">It does not exist.</exception>
    public Task RemoveWorkflowAsync(string instanceId, CancellationToken cancellationToken = default)
        => Backend.RemoveWorkflowInstanceAsync(instanceId, cancellationToken);

    /// <summary>
    /// Ends the instance at once without running its code; its active sub-workflows are terminated too, and its
    /// parent sees it fail. Use cancellation for an orderly end.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this id.</exception>
    public async Task TerminateWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var terminate = global::Workflows.Interceptors.InterceptorChain.Build<global::Workflows.Interceptors.IWorkflowClientInterceptor, (string Id, string? Reason), Task>(
            Options.Interceptors, call => Backend.TerminateWorkflowInstanceAsync(call.Id, call.Reason, cancellationToken), static (i, call, next) => i.TerminateWorkflowAsync(call.Id, call.Reason, (id, why) => next((id, why))));
        await terminate((instanceId, reason)).ConfigureAwait(false);
        Diagnostics.Telemetry.WorkflowsTerminated.Add(1);
    }

    /// <summary>
    /// Makes a parked or backing-off instance (one whose workflow task kept failing: non-determinism, an unknown
    /// workflow, a corrupt row) claimable now and resets its failure count, typically after deploying fixed code.
    /// Its last task error stays visible until the next task commits.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    /// <exception cref="WorkflowAlreadyFinishedException">It has finished; there is nothing to resume.</exception>
    public Task ResumeWorkflowAsync(string instanceId, CancellationToken cancellationToken = default)
        => Backend.ResumeWorkflowInstanceAsync(instanceId, cancellationToken);

    /// <summary>Removes every instance that finished before <paramref name="finishedBefore"/>, in batches; returns how many.</summary>
    public async Task<long> RemoveWorkflowsAsync(DateTimeOffset finishedBefore, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        long total = 0;
        int removed;
        do
        {
            removed = await Backend.RemoveWorkflowInstancesAsync(finishedBefore, batchSize, cancellationToken).ConfigureAwait(false);
            total += removed;
        }
        while (removed == batchSize);
        return total;
    }

    /// <summary>Lists instances, newest first.</summary>
    public Task<InstancePage> ListWorkflowsAsync(InstanceQuery? query = null, CancellationToken cancellationToken = default)
        => Backend.ListWorkflowInstancesAsync(query ?? new InstanceQuery(), cancellationToken);

    /// <summary>Sends a signal to the instance's active execution.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="signalName">The signal name.</param>
    /// <param name="value">The value.</param>
    /// <param name="requestId">Makes a retried call land once.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this id.</exception>
    /// <exception cref="InvalidIdentifierException">The instance id, the signal name or the request id breaks the identifier rules.</exception>
    public async Task SignalWorkflowAsync(string instanceId, string signalName, object? value, string? requestId = null, CancellationToken cancellationToken = default)
    {
        Identifiers.Check(instanceId, Identifiers.InstanceId);
        Identifiers.Check(signalName, Identifiers.SignalName);
        if (requestId is not null)
        {
            Identifiers.Check(requestId, Identifiers.RequestId);
        }

        var payload = value is null ? null : PayloadLimits.Encode(Converter, value, value.GetType(), Backend.Options.MaxPayloadSize, $"value of signal '{signalName}'");
        await SignalCoreAsync(instanceId, signalName, payload, requestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a signal whose value is already encoded in the payload converter's format (tools use this: the
    /// command line and the dashboard pass JSON through as it was typed).
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="signalName">The signal name.</param>
    /// <param name="encodedValue">The encoded value; null for none.</param>
    /// <param name="requestId">Makes a retried call land once.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this id.</exception>
    /// <exception cref="InvalidIdentifierException">The instance id, the signal name or the request id breaks the identifier rules.</exception>
    /// <exception cref="PayloadTooLargeException">The value is larger than the backend accepts.</exception>
    public async Task SignalWorkflowEncodedAsync(string instanceId, string signalName, string? encodedValue, string? requestId = null, CancellationToken cancellationToken = default)
    {
        Identifiers.Check(instanceId, Identifiers.InstanceId);
        Identifiers.Check(signalName, Identifiers.SignalName);
        if (requestId is not null)
        {
            Identifiers.Check(requestId, Identifiers.RequestId);
        }

        PayloadLimits.Check(encodedValue, Backend.Options.MaxPayloadSize, $"value of signal '{signalName}'");
        await SignalCoreAsync(instanceId, signalName, encodedValue, requestId, cancellationToken).ConfigureAwait(false);
    }

    private async Task SignalCoreAsync(string instanceId, string signalName, string? payload, string? requestId, CancellationToken cancellationToken)
    {
        var signal = HistoryEvent.Create(Clock.GetUtcNow(), new SignalReceivedAttributes(signalName, payload));
        using var span = StartClientSpan("SignalWorkflow", signalName, instanceId);
        var send = global::Workflows.Interceptors.InterceptorChain.Build<global::Workflows.Interceptors.IWorkflowClientInterceptor, global::Workflows.Interceptors.SignalWorkflowInput, Task>(
            Options.Interceptors,
            input => Backend.SignalWorkflowAsync(input.InstanceId, signal with { Attributes = new SignalReceivedAttributes(input.SignalName, input.Value) }, input.RequestId, input.CancellationToken),
            static (i, input, next) => i.SignalWorkflowAsync(input, next));
        await send(new global::Workflows.Interceptors.SignalWorkflowInput(instanceId, signalName, payload, requestId, cancellationToken)).ConfigureAwait(false);
        FaultPoints.Hit(FaultPoints.ClientSignalCommitted);
    }
}

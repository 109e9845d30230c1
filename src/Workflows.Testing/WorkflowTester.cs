using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Testing;

/// <summary>
/// Runs one workflow in process for a unit test: a real worker on an in-memory backend, both on a mock clock that
/// jumps to the next timer whenever the workflow is idle (so a thirty-day sleep takes milliseconds), with activities
/// and sub-workflows answered by mocks where mocks are set up and run for real where they are registered.
/// </summary>
/// <example>
/// <code>
/// var registry = new WorkflowRegistry().AddWorkflow("Workflow1", Workflow1);
/// await using var tester = new WorkflowTester(registry);
/// tester.OnActivity("Activity1", 35, 12).Returns(47);
/// tester.OnActivity("Activity2").Returns(12);
/// int result = await tester.ExecuteAsync&lt;int&gt;("Workflow1", "input");
/// tester.AssertExpectations();
/// </code>
/// </example>
public sealed partial class WorkflowTester : IAsyncDisposable
{
    private static readonly DateTimeOffset DefaultStartTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly WorkflowRegistry _registry;
    private readonly FakeTimeProvider _clock;
    private readonly InMemoryBackend _backend;
    private readonly List<WorkflowMock> _mocks = [];
    private readonly List<ScheduledCallback> _callbacks = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<WorkflowTestException> _failures = new();
    private WorkflowRegistry? _workerRegistry;
    private WorkflowWorker? _worker;
    private WorkflowInstanceState? _state;
    private IReadOnlyList<HistoryEvent>? _history;
    private int _started;

    /// <summary>Creates a tester for the workflows and activities of <paramref name="registry"/>.</summary>
    /// <param name="registry">The workflow under test, the sub-workflows and activities that may run for real.</param>
    /// <param name="options">Start time, instance id, real-time limit, payload converter.</param>
    public WorkflowTester(WorkflowRegistry registry, WorkflowTesterOptions? options = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Options = options ?? new WorkflowTesterOptions();
        StartTime = Options.StartTime ?? DefaultStartTime;
        _clock = new FakeTimeProvider(StartTime);
        _backend = new InMemoryBackend(new BackendOptions { TimeProvider = _clock });
        Client = new WorkflowClient(_backend, new WorkflowClientOptions { TimeProvider = _clock, PayloadConverter = Options.PayloadConverter });
    }

    /// <summary>The options.</summary>
    public WorkflowTesterOptions Options { get; }

    /// <summary>The mock time the workflow starts at.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>The mock clock. Activities that need the time can read it; only the tester moves it.</summary>
    public TimeProvider TimeProvider => _clock;

    /// <summary>The mock time now.</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Mock time passed since the start.</summary>
    public TimeSpan Elapsed => Now - StartTime;

    /// <summary>A client of the tester's in-process backend (to read state, or to signal from a callback).</summary>
    public WorkflowClient Client { get; }

    /// <summary>Whether the workflow under test has finished (completed, failed, cancelled or terminated).</summary>
    public bool WorkflowFinished => _state is { } state && state.Status.IsFinished();

    /// <summary>How the workflow ended; <see cref="WorkflowStatus.Running"/> before it did.</summary>
    public WorkflowStatus Status => _state?.Status ?? WorkflowStatus.Running;

    /// <summary>The error the workflow ended with (failed, cancelled or terminated); null when it completed.</summary>
    public WorkflowError? Error => _state?.Error;

    /// <summary>The committed history of the workflow's last execution, after the run (also after a run that failed the test).</summary>
    /// <exception cref="InvalidOperationException">The workflow has not run yet.</exception>
    public IReadOnlyList<HistoryEvent> History => _history ?? throw new InvalidOperationException("The workflow has not run yet: call RunAsync first.");

    /// <summary>
    /// Mocks calls of activity <paramref name="name"/>. With no <paramref name="arguments"/> the mock matches any
    /// arguments; otherwise it matches calls with exactly that many, each matched by an <see cref="Arg"/> matcher or
    /// by equality with the given value.
    /// </summary>
    /// <returns>The mock, to set its outcome on.</returns>
    public WorkflowMock OnActivity(string name, params object?[] arguments) => AddMock(MockKind.Activity, name, arguments);

    /// <summary>Mocks sub-workflow <paramref name="name"/>, matched like <see cref="OnActivity"/>.</summary>
    /// <returns>The mock, to set its outcome on.</returns>
    public WorkflowMock OnSubWorkflow(string name, params object?[] arguments) => AddMock(MockKind.SubWorkflow, name, arguments);

    /// <summary>
    /// Runs <paramref name="callback"/> when the mock clock reaches <paramref name="fromStart"/> after the start and
    /// the workflow is idle (timers due at that same moment fire first). Callbacks at equal times run in the order
    /// they were added.
    /// </summary>
    /// <returns>This tester.</returns>
    public WorkflowTester At(TimeSpan fromStart, Func<WorkflowTesterControl, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromStart, TimeSpan.Zero);
        ThrowIfStarted();
        _callbacks.Add(new ScheduledCallback(fromStart, _callbacks.Count, callback));
        return this;
    }

    /// <summary>Sends signal <paramref name="name"/> with <paramref name="value"/> at <paramref name="fromStart"/>.</summary>
    /// <returns>This tester.</returns>
    public WorkflowTester SignalAt(TimeSpan fromStart, string name, object? value) => At(fromStart, control => control.SignalAsync(name, value));

    /// <summary>Requests cancellation of the workflow at <paramref name="fromStart"/>.</summary>
    /// <returns>This tester.</returns>
    public WorkflowTester CancelAt(TimeSpan fromStart) => At(fromStart, control => control.CancelAsync());

    /// <summary>Terminates the workflow at <paramref name="fromStart"/>.</summary>
    /// <returns>This tester.</returns>
    public WorkflowTester TerminateAt(TimeSpan fromStart, string? reason = null) => At(fromStart, control => control.TerminateAsync(reason));

    /// <summary>Runs the workflow and returns its result.</summary>
    /// <exception cref="WorkflowFailedException">The workflow failed or was terminated.</exception>
    /// <exception cref="WorkflowCanceledException">The workflow ended by cancellation.</exception>
    /// <exception cref="WorkflowTestException">The test itself went wrong (see <see cref="RunAsync(string, object?[])"/>).</exception>
    public Task<T> ExecuteAsync<T>(string workflowName, params object?[] arguments) => ExecuteAsync<T>(workflowName, arguments, CancellationToken.None);

    /// <summary>Like <see cref="ExecuteAsync{T}(string, object?[])"/>, stopped by <paramref name="cancellationToken"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the worker is stopped.</exception>
    public async Task<T> ExecuteAsync<T>(string workflowName, object?[] arguments, CancellationToken cancellationToken)
    {
        await RunAsync(workflowName, arguments, cancellationToken).ConfigureAwait(false);
        return GetResult<T>();
    }

    /// <summary>
    /// Runs the workflow started by <paramref name="start"/> (a generated typed stub, for instance
    /// <c>(client, options) =&gt; client.StartWorkflow1Async("hello", options)</c>) and returns its typed result.
    /// </summary>
    /// <exception cref="WorkflowFailedException">The workflow failed or was terminated.</exception>
    /// <exception cref="WorkflowCanceledException">The workflow ended by cancellation.</exception>
    /// <exception cref="WorkflowTestException">The test itself went wrong (see <see cref="RunAsync(string, object?[])"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the worker is stopped.</exception>
    public async Task<T> ExecuteAsync<T>(Func<WorkflowClient, WorkflowOptions, Task<WorkflowHandle<T>>> start, CancellationToken cancellationToken = default)
    {
        await RunAsync(start, cancellationToken).ConfigureAwait(false);
        return GetResult<T>();
    }

    /// <summary>The workflow's result.</summary>
    /// <exception cref="InvalidOperationException">The workflow has not finished.</exception>
    /// <exception cref="WorkflowFailedException">The workflow failed or was terminated.</exception>
    /// <exception cref="WorkflowCanceledException">The workflow ended by cancellation.</exception>
    public T GetResult<T>()
    {
        var state = _state is { } s && WorkflowFinished ? s : throw new InvalidOperationException("The workflow has not finished: call RunAsync first.");
        return state.Status switch
        {
            WorkflowStatus.Completed => (T)Options.PayloadConverter.Deserialize(state.Result, typeof(T))!,
            WorkflowStatus.Canceled => throw new WorkflowCanceledException(state.Error?.Message ?? "The workflow was canceled."),
            _ => throw new WorkflowFailedException(state.Instance.InstanceId, state.Error ?? new WorkflowError("Workflows.Unknown", $"The workflow ended as {state.Status}.")),
        };
    }

    /// <summary>
    /// Checks that every mock was called as expected: at least once, or exactly <see cref="WorkflowMock.Times"/>
    /// times when set; mocks marked <see cref="WorkflowMock.Maybe"/> are left out.
    /// </summary>
    /// <exception cref="WorkflowTestException">Some expectation was not met; the message lists each.</exception>
    public void AssertExpectations()
    {
        var unmet = _mocks.Select(m => m.Unmet()).OfType<string>().ToList();
        if (unmet.Count > 0)
        {
            throw new WorkflowTestException("Mock expectations were not met:" + string.Concat(unmet.Select(u => Environment.NewLine + "  - " + u)));
        }
    }

    /// <summary>The history as JSON, in the form <see cref="WorkflowReplayer"/> reads (to record golden histories).</summary>
    public Task<string> ExportHistoryAsync(CancellationToken cancellationToken = default)
        => Client.ExportHistoryAsync(Options.InstanceId, null, cancellationToken);

    /// <summary>Stops the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync().ConfigureAwait(false);
        await _backend.DisposeAsync().ConfigureAwait(false);
    }

    private WorkflowMock AddMock(MockKind kind, string name, object?[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfStarted();
        var matchers = arguments is null || arguments.Length == 0 ? null : arguments.Select(ArgumentMatcher.From).ToList();
        var mock = new WorkflowMock(kind, name, matchers);
        _mocks.Add(mock);
        return mock;
    }

    private void ThrowIfStarted()
    {
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Set up mocks and callbacks before the workflow runs.");
        }
    }

    private sealed record ScheduledCallback(TimeSpan FromStart, int Order, Func<WorkflowTesterControl, Task> Callback)
    {
        public bool Done { get; set; }
    }
}

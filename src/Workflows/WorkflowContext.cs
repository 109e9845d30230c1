using Microsoft.Extensions.Logging;
using Workflows.Runtime;

namespace Workflows;

/// <summary>
/// The workflow's window on the runtime: activities, timers, sub-workflows, side effects, deterministic time,
/// ids and randomness. Everything here is recorded in or replayed from the history; call it only from workflow
/// code (on the workflow scheduler), never after <c>ConfigureAwait(false)</c> or inside <c>Task.Run</c>.
/// </summary>
public sealed partial class WorkflowContext
{
    private readonly WorkflowExecutor _executor;
    private readonly bool _disconnected;
    private Random? _random;
    private Random? _guidSource;

    internal WorkflowContext(WorkflowExecutor executor, ILogger logger, bool disconnected)
    {
        _executor = executor;
        _disconnected = disconnected;
        Logger = new ReplaySafeLogger(executor, logger);
    }

    /// <summary>The instance id.</summary>
    public string InstanceId => _executor.Instance.InstanceId;

    /// <summary>The execution id (new on every start and continue-as-new).</summary>
    public string ExecutionId => _executor.Instance.ExecutionId;

    /// <summary>The registered name of the running workflow.</summary>
    public string WorkflowName => _executor.Started?.Name ?? "";

    /// <summary>The queue the workflow runs on.</summary>
    public string Queue => _executor.Started?.Queue ?? "";

    /// <summary>The workflow's current time: when the current workflow task started, replayed exactly. Use it instead of <see cref="DateTimeOffset.UtcNow"/>.</summary>
    public DateTimeOffset Now => _executor.Now;

    /// <summary>Whether the code is re-running recorded history (a worker rebuilding state), rather than making progress.</summary>
    public bool IsReplaying => _executor.IsReplaying;

    /// <summary>A logger that stays silent while replaying, so every message is written once.</summary>
    public ILogger Logger { get; }

    /// <summary>Fires when the instance is cancelled. Calls that start new work fail at once afterwards; running work finishes.</summary>
    public CancellationToken CancellationToken => _disconnected ? CancellationToken.None : _executor.CancellationToken;

    /// <summary>Whether cancellation of the instance was requested.</summary>
    public bool IsCancellationRequested => _executor.CancellationToken.IsCancellationRequested;

    /// <summary>Random numbers seeded from the execution, identical on replay. Use it instead of <see cref="Random.Shared"/>.</summary>
    public Random Random => _random ??= new Random(StableSeed(1));

    /// <summary>Typed activity calls (generated extension methods).</summary>
    public ActivityStubs Activities => new(this);

    /// <summary>Typed sub-workflow calls (generated extension methods).</summary>
    public SubWorkflowStubs Workflows => new(this);

    /// <summary>A new GUID, identical on replay. Use it instead of <see cref="Guid.NewGuid"/>.</summary>
    public Guid NewGuid()
    {
        _executor.AssertOnScheduler(nameof(NewGuid));
        Span<byte> bytes = stackalloc byte[16];
        (_guidSource ??= new Random(StableSeed(2))).NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    /// <summary>
    /// A context for clean-up after cancellation: its <see cref="CancellationToken"/> never fires and its calls
    /// still schedule work after the instance was cancelled.
    /// </summary>
    public WorkflowContext Disconnected() => _disconnected ? this : new WorkflowContext(_executor, ((ReplaySafeLogger)Logger).Inner, disconnected: true);

    internal WorkflowExecutor Executor => _executor;

    internal bool IsDisconnected => _disconnected;

    // FNV-1a over the instance and execution ids: string.GetHashCode is randomized per process.
    private int StableSeed(int salt)
    {
        uint hash = 2166136261u ^ (uint)salt;
        foreach (char c in InstanceId + "/" + ExecutionId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}

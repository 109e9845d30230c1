using Workflows.Client;

namespace Workflows.Testing;

/// <summary>
/// What a callback registered with <see cref="WorkflowTester.At"/> can do to the workflow under test when the mock
/// clock reaches its time.
/// </summary>
public sealed class WorkflowTesterControl
{
    internal WorkflowTesterControl(WorkflowClient client, string instanceId, DateTimeOffset now, TimeSpan elapsed)
    {
        Client = client;
        InstanceId = instanceId;
        Now = now;
        Elapsed = elapsed;
    }

    /// <summary>The client of the in-process backend, for anything the shortcuts do not cover.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The instance id of the workflow under test.</summary>
    public string InstanceId { get; }

    /// <summary>The mock time now.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Mock time since the workflow started.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Sends signal <paramref name="name"/> with <paramref name="value"/> to the workflow under test.</summary>
    public Task SignalAsync(string name, object? value, CancellationToken cancellationToken = default)
        => Client.SignalWorkflowAsync(InstanceId, name, value, null, cancellationToken);

    /// <summary>Requests cancellation of the workflow under test.</summary>
    public Task CancelAsync(CancellationToken cancellationToken = default) => Client.CancelWorkflowAsync(InstanceId, cancellationToken);

    /// <summary>Terminates the workflow under test at once.</summary>
    public Task TerminateAsync(string? reason = null, CancellationToken cancellationToken = default)
        => Client.TerminateWorkflowAsync(InstanceId, reason, cancellationToken);
}

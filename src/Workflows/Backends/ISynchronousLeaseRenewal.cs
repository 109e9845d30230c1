namespace Workflows.Backends;

/// <summary>
/// A backend that can renew a lease synchronously, on the calling thread, without a thread-pool thread anywhere on
/// the way (its driver does blocking I/O on the caller's thread). The worker's lease-renewal thread uses it, so
/// activities that block every pool thread cannot make a healthy worker lose its leases. Fenced exactly as
/// <see cref="IBackend.ExtendWorkflowTaskAsync"/> and <see cref="IBackend.ExtendActivityTaskAsync"/>: the same
/// statement, and <see cref="LeaseLostException"/> when the lease is gone. One attempt: a transient failure is
/// thrown, and the renewal thread tries again at the next interval.
/// </summary>
internal interface ISynchronousLeaseRenewal
{
    /// <summary>Extends a workflow task's lease, blocking the calling thread.</summary>
    void ExtendWorkflowTask(WorkflowTask task);

    /// <summary>Extends an activity task's lease, blocking the calling thread.</summary>
    void ExtendActivityTask(ActivityTask task);
}

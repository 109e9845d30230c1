using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

/// <summary>
/// The server backends' synchronous lease renewal (the renewal thread's path): fenced as the asynchronous one, and the
/// claim carries the database clock's time.
/// </summary>
public static class SynchronousRenewalChecks
{
    public static async Task RunAsync(IBackend backend)
    {
        var before = DateTimeOffset.UtcNow;
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("renew", "x"), HistoryEvent.Create(before, new ExecutionStartedAttributes("wf", "default", [], null)), null);
        var task = await backend.GetWorkflowTaskAsync(["default"]);
        Assert.NotNull(task);

        // The database runs on this machine: its clock at the claim lies within the call, give or take its precision.
        Assert.InRange(task.ClaimedAt!.Value, before - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        var renewal = Assert.IsAssignableFrom<ISynchronousLeaseRenewal>(backend);

        // Renewals in quick succession count matched rows, so the second is not mistaken for a lost lease.
        renewal.ExtendWorkflowTask(task);
        renewal.ExtendWorkflowTask(task);

        var forged = task with { LockToken = "not-the-lease" };
        var lost = Assert.Throws<LeaseLostException>(() => renewal.ExtendWorkflowTask(forged));
        Assert.Contains("renew", lost.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LeaseLostException>(() => backend.ExtendWorkflowTaskAsync(forged));
    }
}

namespace Workflows;

/// <summary>
/// Named points in the worker and the client where the fault-injection tests kill a process. A no-op unless a test
/// process sets <see cref="Hook"/>; production code never does.
/// </summary>
internal static class FaultPoints
{
    /// <summary>A workflow task was claimed (its claim committed) and is about to run.</summary>
    public const string WorkflowClaimed = "wf.claim.after-commit";

    /// <summary>The workflow code ran; its commit has not started.</summary>
    public const string WorkflowExecuted = "wf.mid-execution";

    /// <summary>A workflow task's completion is about to be committed.</summary>
    public const string WorkflowCommitBefore = "wf.commit.before";

    /// <summary>A workflow task's completion was committed; the worker has not moved on.</summary>
    public const string WorkflowCommitAfter = "wf.commit.after";

    /// <summary>A workflow task that applied a fired timer was committed.</summary>
    public const string TimerFired = "wf.timer.after-fired";

    /// <summary>An activity's body returned (its side effect happened); nothing is committed yet.</summary>
    public const string ActivitySideEffect = "act.after-side-effect";

    /// <summary>An activity's completion is about to be committed.</summary>
    public const string ActivityCommitBefore = "act.commit.before";

    /// <summary>An activity's completion was committed.</summary>
    public const string ActivityCommitAfter = "act.commit.after";

    /// <summary>A lease renewal is starting.</summary>
    public const string LeaseRenewal = "lease.renew";

    /// <summary>A client's start was committed; the call has not returned.</summary>
    public const string ClientStartCommitted = "client.start.after-commit";

    /// <summary>A client's signal was committed; the call has not returned.</summary>
    public const string ClientSignalCommitted = "client.signal.after-commit";

    /// <summary>A numbered schema script has run; its journal entry is not written yet (a migration interrupted).</summary>
    public const string SchemaScriptApplied = "schema.script.before-journal";

    /// <summary>Every point, for tests that go through them all.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        WorkflowClaimed, WorkflowExecuted, WorkflowCommitBefore, WorkflowCommitAfter, TimerFired,
        ActivitySideEffect, ActivityCommitBefore, ActivityCommitAfter, LeaseRenewal, ClientStartCommitted, ClientSignalCommitted,
        SchemaScriptApplied,
    ];

    /// <summary>Called at every point when set. Tests only.</summary>
    public static Action<string>? Hook { get; set; }

    public static void Hit(string point) => Hook?.Invoke(point);
}

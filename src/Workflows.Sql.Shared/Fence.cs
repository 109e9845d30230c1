namespace Workflows.Backends.SqlCore;

/// <summary>
/// The fencing checks of RELIABILITY.md: a renewal, commit or release is fenced on the lock token, and the number of
/// rows it matched decides. Anything but exactly one means the caller no longer holds the lease, and nothing of its
/// transaction may be written.
/// </summary>
internal static class Fence
{
    /// <summary>Throws <see cref="LeaseLostException"/> naming <paramref name="what"/> unless exactly one row matched.</summary>
    public static void RequireHeld(int matchedRows, string what)
    {
        if (matchedRows != 1)
        {
            throw new LeaseLostException(what);
        }
    }

    /// <summary>What the lease of a workflow task covers, as error messages name it.</summary>
    public static string WorkflowTask(WorkflowInstance instance) => $"workflow task of {instance}";

    /// <summary>What the lease of an activity task covers, as error messages name it.</summary>
    public static string ActivityTask(string eventId, WorkflowInstance instance) => $"activity task {eventId} of {instance}";
}

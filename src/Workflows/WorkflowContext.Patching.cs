namespace Workflows;

public sealed partial class WorkflowContext
{
    /// <summary>
    /// Whether this execution runs the patched (new) version of a change to deployed workflow code. Wrap the new code
    /// in <c>if (ctx.IsPatched("my-change")) { new } else { old }</c>: executions started before the change replay the
    /// old branch, and every execution that reaches the call on the new code records a marker and takes the new one.
    /// </summary>
    /// <param name="patchId">Names the change; unique within the workflow. Once an execution answered for an id, it
    /// gets the same answer for that id until it ends.</param>
    /// <returns>True live (a marker is recorded the first time); on replay, true only where the history recorded the
    /// marker at this point of the code.</returns>
    /// <remarks>See docs/versioning.md for the whole deploy story, and <see cref="DeprecatePatch"/> for removing a patch.</remarks>
    public bool IsPatched(string patchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(patchId);
        _executor.AssertOnScheduler(nameof(IsPatched));
        return _executor.IsPatched(patchId, deprecated: false);
    }

    /// <summary>
    /// Marks a patch whose old branch is gone: call it where <see cref="IsPatched"/> was, once no execution that ran the
    /// code from before the patch can replay any more. Executions that recorded the patch still replay, and new ones
    /// record a deprecated marker, which replay accepts even after this call is removed too.
    /// </summary>
    /// <param name="patchId">The id <see cref="IsPatched"/> used.</param>
    public void DeprecatePatch(string patchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(patchId);
        _executor.AssertOnScheduler(nameof(DeprecatePatch));
        _executor.IsPatched(patchId, deprecated: true);
    }
}

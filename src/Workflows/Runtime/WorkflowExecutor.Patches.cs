using Workflows.History;

namespace Workflows.Runtime;

/// <summary>A patch marker the code recorded live; it becomes a history event in command order and takes no schedule id.</summary>
internal sealed class PatchMarkerCommand(long nextScheduleEventId, string patchId, bool deprecated) : Command(nextScheduleEventId)
{
    public string PatchId { get; } = patchId;
    public bool Deprecated { get; } = deprecated;
    public override EventType EventType => EventType.PatchMarkerRecorded;
    public override string Describe() => $"PatchMarkerRecorded({Id}) '{PatchId}'";
}

internal sealed partial class WorkflowExecutor
{
    // What each patch id answered in this execution: once an execution took a branch, it keeps taking it.
    private readonly Dictionary<string, bool> _patches = new(StringComparer.Ordinal);

    // Patch markers of the history being replayed, by (schedule id of the next command, patch id); true once the
    // code asked for the patch at that point.
    private Dictionary<(long At, string PatchId), bool>? _recordedPatches;

    /// <summary>
    /// Whether this execution takes the patched branch of <paramref name="patchId"/>. Live, the first call records a
    /// marker and answers true; on replay it answers true only where the history recorded the marker, at the same
    /// point of the code (the same next schedule id), so an execution that ran the old code replays the old branch.
    /// </summary>
    internal bool IsPatched(string patchId, bool deprecated)
    {
        if (_patches.TryGetValue(patchId, out bool known))
        {
            return known;
        }

        long at = _lastScheduleEventId + 1;
        bool patched;
        if (IsReplaying)
        {
            patched = _recordedPatches is not null && _recordedPatches.ContainsKey((at, patchId));
            if (patched)
            {
                _recordedPatches![(at, patchId)] = true;
            }
        }
        else
        {
            patched = true;
            _newCommands.Add(new PatchMarkerCommand(at, patchId, deprecated));
        }

        _patches[patchId] = patched;
        return patched;
    }

    private void IndexPatchMarker(HistoryEvent e, PatchMarkerAttributes marker)
        => (_recordedPatches ??= [])[(e.ScheduleEventId, marker.PatchId)] = false;

    // Applied on replay after the code of its task ran: the code must have asked for the patch at that point,
    // unless the marker was deprecated (the code may since have dropped the call).
    private void MatchPatchMarker(HistoryEvent recorded, PatchMarkerAttributes marker)
    {
        if (_recordedPatches is not null && _recordedPatches.Remove((recorded.ScheduleEventId, marker.PatchId), out bool claimed) && claimed)
        {
            return;
        }

        if (!marker.Deprecated)
        {
            throw new NonDeterminismException(
                $"Non-determinism in {Instance} at sequence id {recorded.SequenceId}: the history records {recorded}, but the workflow code did not call IsPatched(\"{marker.PatchId}\") "
                + $"or DeprecatePatch(\"{marker.PatchId}\") at this point (before its command with schedule id {recorded.ScheduleEventId}). "
                + $"Keep the call while executions that recorded it may replay; replace it with ctx.DeprecatePatch(\"{marker.PatchId}\") before removing it.",
                recorded.SequenceId, recorded.ToString(), produced: null);
        }
    }
}

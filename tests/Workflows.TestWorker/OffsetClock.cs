namespace Workflows.TestWorker;

/// <summary>
/// The system clock moved by a fixed offset, as on a machine whose clock is off: wall-clock time only; timers and
/// elapsed-time measurement are the system's, as they are on such a machine.
/// </summary>
public sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

namespace Workflows.Backends.SqlCore;

/// <summary>
/// Times on a database server's clock, which holds microseconds (MySQL <c>DATETIME(6)</c>, PostgreSQL
/// <c>timestamptz</c>). "Now" is truncated and due times are rounded up, so a timer never becomes visible before its
/// due time.
/// </summary>
internal static class ServerTime
{
    private const long TicksPerMicrosecond = 10;

    /// <summary>Parked instances wait until this time, which never comes.</summary>
    public static readonly DateTime Never = new(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    public static DateTime Truncate(DateTime value) => new(value.Ticks - (value.Ticks % TicksPerMicrosecond), DateTimeKind.Utc);

    public static DateTime? RoundUp(DateTimeOffset? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        long ticks = v.UtcTicks;
        long rest = ticks % TicksPerMicrosecond;
        return rest == 0 ? new DateTime(ticks, DateTimeKind.Utc) : new DateTime(Math.Min(ticks - rest + TicksPerMicrosecond, Never.Ticks), DateTimeKind.Utc);
    }

    public static DateTime Add(DateTime now, TimeSpan span)
        => span.Ticks >= Never.Ticks - now.Ticks ? Never : Truncate(now.AddTicks(Math.Max(0, span.Ticks)));

    public static DateTimeOffset ToOffset(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static long? ToTicks(DateTimeOffset? value) => value?.UtcTicks;

    public static DateTimeOffset? FromTicks(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}

namespace Workflows.Sqlite;

/// <summary>Times are stored as UTC ticks, so comparisons against the clock are exact (a timer never fires early).</summary>
internal static class SqliteTime
{
    /// <summary>Parked instances wait until this time, which never comes.</summary>
    public const long Never = long.MaxValue;

    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static long? ToTicks(DateTimeOffset? value) => value?.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? FromTicks(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public static long Add(DateTimeOffset now, TimeSpan span)
    {
        long max = DateTimeOffset.MaxValue.UtcTicks;
        return span.Ticks >= max - now.UtcTicks ? max : now.UtcTicks + Math.Max(0, span.Ticks);
    }
}

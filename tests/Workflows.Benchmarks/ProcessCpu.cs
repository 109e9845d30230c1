using System.Globalization;

namespace Workflows.Benchmarks;

/// <summary>
/// CPU time of another process read from <c>/proc</c>: a database server the harness was told about, or the worker
/// processes it started. Linux only; null elsewhere or when the process is gone.
/// </summary>
internal static class ProcessCpu
{
    // /proc reports times in USER_HZ, which the kernel fixes at 100 per second for user space on every architecture.
    private const double MsPerTick = 10;

    /// <summary>
    /// The process's user + system time plus that of its children: the reaped ones (cutime/cstime, as PostgreSQL's
    /// backends are when their sessions end) and the live ones (ppid = pid). A single-process server such as
    /// <c>mariadbd</c> has neither, so this is its own time.
    /// </summary>
    public static double? ReadMs(int pid)
    {
        var own = Read(pid);
        if (own is not { } stat)
        {
            return null;
        }

        double ticks = stat.Utime + stat.Stime + stat.Cutime + stat.Cstime;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int child) &&
                child != pid && Read(child) is { } c && c.Ppid == pid)
            {
                ticks += c.Utime + c.Stime;
            }
        }

        return ticks * MsPerTick;
    }

    /// <summary>The 1-, 5- and 15-minute load averages as <c>/proc/loadavg</c> prints them, or null.</summary>
    public static string? LoadAverage()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', parts.Take(3));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (int Ppid, long Utime, long Stime, long Cutime, long Cstime)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces; the fields after its ')' are fixed:
        // state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
        string[] f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (
            int.Parse(f[1], CultureInfo.InvariantCulture),
            long.Parse(f[11], CultureInfo.InvariantCulture),
            long.Parse(f[12], CultureInfo.InvariantCulture),
            long.Parse(f[13], CultureInfo.InvariantCulture),
            long.Parse(f[14], CultureInfo.InvariantCulture));
    }
}

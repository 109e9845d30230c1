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

    /// <summary>
    /// User + system time of this process's live threads by name (<c>/proc/self/task/*/comm</c>: the first 15
    /// characters; .NET names its own, e.g. <c>.NET TP Worker</c>, <c>.NET Finalizer</c>), summed per name; empty
    /// where <c>/proc</c> is missing.
    /// </summary>
    public static Dictionary<string, double> ReadThreadsByName()
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            foreach (string dir in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    string name = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                    if (Read(dir + "/stat") is { } stat)
                    {
                        byName[name] = byName.GetValueOrDefault(name) + ((stat.Utime + stat.Stime) * MsPerTick);
                    }
                }
                catch (IOException)
                {
                    // The thread ended.
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return byName;
    }

    /// <summary>
    /// User + system time of this process's threads named <paramref name="name"/> (as far as Linux keeps it: the first
    /// 15 characters); null when none is found.
    /// </summary>
    public static double? ReadThreadsMs(string name)
    {
        var matching = ReadThreadsByName().Where(t => name.StartsWith(t.Key, StringComparison.Ordinal)).ToList();
        return matching.Count == 0 ? null : matching.Sum(t => t.Value);
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
        => Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");

    private static (int Ppid, long Utime, long Stime, long Cutime, long Cstime)? Read(string statPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(statPath);
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

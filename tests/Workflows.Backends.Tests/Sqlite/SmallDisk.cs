using System.Diagnostics;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>A real, small file system (tmpfs) that a test can fill up; mounting one needs root on Linux.</summary>
public static class SmallDisk
{
    /// <summary>Why no small disk can be mounted here, or null when one can (found by mounting one once).</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    public static string Mount(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        var (code, text) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return code == 0 ? path : throw new InvalidOperationException($"mount -t tmpfs {path} failed ({code}): {text.Trim()}");
    }

    public static void Unmount(string path) => Run("umount", "-l", path);

    private static string? FindUnavailableReason()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return $"The disk-full test mounts a small tmpfs, which needs root on Linux (this is '{Environment.UserName}' on {Environment.OSVersion}).";
        }

        string probe = Path.Combine(Path.GetTempPath(), "workflows-tmpfs-probe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(probe);
            var (code, text) = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe);
            if (code != 0)
            {
                return $"The disk-full test mounts a small tmpfs, and this machine refused one (mount exited {code}: {text.Trim()}).";
            }

            Unmount(probe);
            return null;
        }
        finally
        {
            try
            {
                Directory.Delete(probe);
            }
            catch (IOException)
            {
            }
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, text);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}

/// <summary>A fact that fills a real small disk: skipped, with the reason, where none can be mounted.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

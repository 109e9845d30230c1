using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>A Workflows.TestWorker child process, with its output captured for assertions and failure messages.</summary>
public sealed class TestWorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestWorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Freezes the worker: it keeps every lease it thinks it holds while they lapse. It is asked with SIGTSTP, stops
    /// itself (SIGSTOP) between two of its write transactions, and this returns once it is stopped.
    /// </summary>
    public async Task FreezeAsync(TimeSpan timeout)
    {
        Signal("-TSTP");
        using var cts = new CancellationTokenSource(timeout);
        while (!IsStopped())
        {
            Assert.False(_process.HasExited, $"Worker {Name} exited instead of freezing:\n{Output}");
            Assert.False(cts.IsCancellationRequested, $"Worker {Name} did not freeze within {timeout}:\n{Output}");
            await Task.Delay(10);
        }
    }

    // The state letter of /proc/<pid>/stat, after the command name in parentheses: T when stopped by a signal.
    private bool IsStopped()
    {
        string stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
    }

    /// <summary>Thaws a frozen process (SIGCONT): it carries on as if no time had passed.</summary>
    public void Thaw() => Signal("-CONT");

    /// <summary>Asks the process to stop (SIGTERM), as a service manager does.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>How many lines the worker logged with event id <paramref name="eventId"/>.</summary>
    public int LoggedEvents(int eventId)
        => Output.Split('\n').Count(l => l.StartsWith($"log {eventId} ", StringComparison.Ordinal));

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited {kill.ExitCode}");
        }
    }

    public static string WorkerDll => typeof(TestWorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestWorkerPath").Value!;

    public static TestWorkerProcess Start(string dbPath, string name, string stopFile, params string[] extraArgs)
        => Start([dbPath], name, stopFile, extraArgs);

    /// <summary>Starts a worker on the backend that <paramref name="backendArgs"/> select (a SQLite path, or <c>--backend mysql --connection ...</c>).</summary>
    public static TestWorkerProcess Start(IReadOnlyList<string> backendArgs, string name, string stopFile, params string[] extraArgs)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["exec", WorkerDll, .. backendArgs, name, "--stop-file", stopFile, "--run-for", "300", .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new TestWorkerProcess(process, name);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
        process.Exited += (_, _) => worker._ready.TrySetException(new InvalidOperationException($"Worker {name} exited early:\n{worker.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("ready ", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Linux) and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    public Task WaitReadyAsync(TimeSpan timeout) => _ready.Task.WaitAsync(timeout);

    /// <summary>Waits for a clean exit (the stop file must exist); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>The number the worker reported on its "done" line; -1 if it has not reported.</summary>
    public int ReportedActivities()
    {
        foreach (string line in Output.Split('\n'))
        {
            int at = line.IndexOf("activities=", StringComparison.Ordinal);
            if (line.StartsWith("done ", StringComparison.Ordinal) && at >= 0)
            {
                return int.Parse(line.AsSpan(at + "activities=".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }
}

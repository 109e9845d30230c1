using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for one test run: a cluster made by <c>initdb</c> in a temp directory from the
/// machine's binaries, listening only on a unix socket in that directory, stopped and deleted at the end. No system
/// service, no port, no password (trust authentication on the socket). PostgreSQL refuses to run as root, so a root
/// test run starts it as <c>nobody</c>. With <c>WORKFLOWS_POSTGRES_CONNECTION</c> set, the tests use that server
/// instead (each test on a schema of its own, dropped afterwards). Under <c>CI=true</c> a missing server fails the
/// tests instead of skipping them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionVariable = "WORKFLOWS_POSTGRES_CONNECTION";

    /// <summary>A directory holding initdb and postgres, searched instead of PATH and the usual places.</summary>
    public const string BinariesVariable = "WORKFLOWS_POSTGRES_BINARIES";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly List<string> _schemas = [];
    private readonly StringBuilder _log = new();
    private string? _dir;
    private Process? _process;

    /// <summary>The server's connection string (database <c>postgres</c>, no schema).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Whether this run owns its server (and so may stop and start it).</summary>
    public bool Owned => _dir is not null;

    /// <summary>Why the PostgreSQL tests cannot run here, or null when they can (or must: under CI they fail instead).</summary>
    public static string? UnavailableReason { get; } = IsCi() ? null : FindMissing();

    private static bool IsCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? FindMissing()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            return null;
        }

        if (FindBinary("initdb") is null || FindBinary("postgres") is null)
        {
            return $"PostgreSQL is not installed: 'initdb' and 'postgres' were not found in {string.Join(", ", SearchPaths())}. "
                + $"Install Debian's postgresql (apt-get install postgresql) or set {ConnectionVariable} to a server's connection string.";
        }

        if (IsRoot() && FindBinary("setpriv") is null)
        {
            return "PostgreSQL will not run as root, and 'setpriv' (util-linux), needed to start it as 'nobody', was not found.";
        }

        return null;
    }

    private static bool IsRoot() => Environment.UserName == "root";

    /// <summary>The directory of initdb and postgres: one directory, so the two always match.</summary>
    private static string? FindBinary(string name)
    {
        if (name is "initdb" or "postgres")
        {
            return SearchPaths().Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
                .Select(d => Path.Combine(d, name)).FirstOrDefault();
        }

        return SearchPaths().Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static IEnumerable<string> SearchPaths()
    {
        if (Environment.GetEnvironmentVariable(BinariesVariable) is { Length: > 0 } dir)
        {
            return [dir];
        }

        // Debian's postgresql package puts the server binaries in /usr/lib/postgresql/<major>/bin, off PATH; newest first.
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 0))
                .OrderByDescending(d => d.Major)
                .Select(d => d.Dir)
            : [];
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/bin", "/usr/bin", "/usr/sbin", "/usr/local/pgsql/bin"])
            .Concat(debian);
    }

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } external)
        {
            ConnectionString = external;
            return;
        }

        if (FindMissing() is { } missing)
        {
            throw new InvalidOperationException($"CI=true, so the PostgreSQL tests must run: {missing}");
        }

        _dir = Path.Combine(Path.GetTempPath(), "wf-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        Directory.CreateDirectory(SocketDirectory);
        if (IsRoot())
        {
            // The server's own user must own its directories.
            var chown = await RunAsync("chown", ["-R", $"{ServerUser().Uid}:{ServerUser().Gid}", _dir]);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown of {_dir} failed ({chown.ExitCode}):\n{chown.Output}");
            }
        }

        var init = await RunAsync(FindBinary("initdb")!, [
            "-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({init.ExitCode}):\n{init.Output}");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = SocketDirectory,
            Port = 5432,
            Username = "postgres",
            Database = "postgres",
            Pooling = true,
            MaxPoolSize = 50,
            Timeout = 15,
        }.ConnectionString;
        await StartAsync();
    }

    private string DataDirectory => Path.Combine(_dir!, "data");

    private string SocketDirectory => Path.Combine(_dir!, "sock");

    private static (string Uid, string Gid) ServerUser()
    {
        // nobody's ids from /etc/passwd (65534 on Debian), so no group name has to be guessed.
        string? line = File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith("nobody:", StringComparison.Ordinal));
        string[] fields = line?.Split(':') ?? [];
        return fields.Length > 3 ? (fields[2], fields[3]) : ("65534", "65534");
    }

    /// <summary>Starts the owned server (again, on the same data directory) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_dir is null)
        {
            throw new InvalidOperationException("Only a server this run owns can be started.");
        }

        string[] args = [
            "-D", DataDirectory, "-k", SocketDirectory, "-c", "listen_addresses=", "-p", "5432",
            "-c", "max_connections=300", "-c", "shared_buffers=128MB", "-c", "fsync=on", "-c", "synchronous_commit=on",
            "-c", "log_min_messages=warning", "-c", "logging_collector=off"];
        _process = Start(FindBinary("postgres")!, args);
        var process = _process;
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                if (deadline.Elapsed > StartTimeout || process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL did not accept connections within {deadline.Elapsed:g} (exited: {process.HasExited}); server log:\n{Log}", ex);
                }

                await Task.Delay(100);
            }
        }
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>Stops the owned server with a fast shutdown (SIGINT: clients are disconnected) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A backend on a fresh schema of its own.</summary>
    public PostgresBackend CreateBackend(Workflows.Backends.BackendOptions? options = null, bool useBackendClock = false)
        => PostgresBackend.Open(ConnectionString, CreateOptions(options, useBackendClock));

    public PostgresBackendOptions CreateOptions(Workflows.Backends.BackendOptions? options = null, bool useBackendClock = false)
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        string schema = "wf_" + Guid.NewGuid().ToString("N")[..16];
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return new PostgresBackendOptions { Backend = options ?? new(), SchemaName = schema, UseBackendClock = useBackendClock };
    }

    /// <summary>The connection string of a schema made by <see cref="CreateOptions"/>: its search path is that schema.</summary>
    public string ConnectionStringFor(string schema) => new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = "\"" + schema + "\"" }.ConnectionString;

    public async Task DisposeAsync()
    {
        if (_dir is null)
        {
            if (ConnectionString.Length > 0)
            {
                // Someone else's server: leave it as we found it.
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                foreach (string schema in _schemas)
                {
                    await using var drop = connection.CreateCommand();
                    drop.CommandText = "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE;";
                    await drop.ExecuteNonQueryAsync();
                }
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Starts <paramref name="file"/>, as nobody when this run is root (setpriv execs, so the process is the server itself).</summary>
    private static Process Start(string file, string[] args)
    {
        var info = new ProcessStartInfo(IsRoot() ? FindBinary("setpriv")! : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (IsRoot())
        {
            var (uid, gid) = ServerUser();
            foreach (string arg in (string[])[$"--reuid={uid}", $"--regid={gid}", "--clear-groups", file])
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The server's locale and home must not come from root's environment.
        info.Environment["LC_ALL"] = "C";
        info.Environment["HOME"] = Path.GetTempPath();
        return Process.Start(info)!;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args)
    {
        using var process = file.StartsWith('/') ? Start(file, args) : StartPlain(file, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static Process StartPlain(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>A fact that needs PostgreSQL: reported as skipped, with the reason, when no server can be had.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs PostgreSQL: skipped, with the reason, when it is not installed.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A fact that stops and starts the server: skipped, with the reason, when the run does not own one.</summary>
public sealed class OwnedPostgresFactAttribute : FactAttribute
{
    public OwnedPostgresFactAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
        else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresServer.ConnectionVariable)))
        {
            Skip = $"This test stops and starts its own PostgreSQL server; {PostgresServer.ConnectionVariable} points at a server it must not stop.";
        }
    }
}

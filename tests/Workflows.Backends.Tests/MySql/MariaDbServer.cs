using System.Diagnostics;
using MySqlConnector;
using Workflows.MySql;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// A throwaway MariaDB server for one test run: installed into a temp directory from the machine's binaries, listening
/// only on a unix socket in that directory, killed and deleted at the end. No system service, no port, no password.
/// With <c>WORKFLOWS_MYSQL_CONNECTION</c> set, the tests use that server instead (each test on a schema of its own,
/// dropped afterwards).
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime
{
    public const string ConnectionVariable = "WORKFLOWS_MYSQL_CONNECTION";

    /// <summary>A directory holding mariadbd and mariadb-install-db, searched instead of PATH and the usual places.</summary>
    public const string BinariesVariable = "WORKFLOWS_MARIADB_BINARIES";

    private static readonly string[] s_searchPaths = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin", "/usr/local/mysql/bin"];
    private readonly List<string> _schemas = [];
    private string? _dir;
    private Process? _process;

    /// <summary>The server's connection string, without a database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Whether this run owns its server (and so may stop and start it).</summary>
    public bool Owned => _dir is not null;

    public string? DataDirectory => _dir is null ? null : Path.Combine(_dir, "data");

    /// <summary>Why the MySQL tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    private static string? FindUnavailableReason()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            return null;
        }

        if (FindBinary("mariadbd") is null || FindBinary("mariadb-install-db") is null)
        {
            return $"MariaDB is not installed: 'mariadbd' and 'mariadb-install-db' were not found in {string.Join(", ", SearchPaths())}. "
                + $"Install Debian's mariadb-server (apt-get install mariadb-server) or set {ConnectionVariable} to a server's connection string.";
        }

        return null;
    }

    private static string? FindBinary(string name)
    {
        return SearchPaths().Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static IEnumerable<string> SearchPaths()
        => Environment.GetEnvironmentVariable(BinariesVariable) is { Length: > 0 } dir
            ? [dir]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(s_searchPaths);

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

        _dir = Path.Combine(Path.GetTempPath(), "wf-mariadb-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        var install = await RunAsync(FindBinary("mariadb-install-db")!, [
            "--no-defaults", $"--datadir={DataDirectory}", "--auth-root-authentication-method=normal",
            "--skip-test-db", .. RootUser()]);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb-install-db failed ({install.ExitCode}):\n{install.Output}");
        }

        ConnectionString = new MySqlConnectionStringBuilder
        {
            Server = Path.Combine(_dir, "mysqld.sock"),
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = true,
            MaximumPoolSize = 50,
            ConnectionTimeout = 5,
        }.ConnectionString;
        await StartAsync();
    }

    private static string[] RootUser() => Environment.UserName == "root" ? ["--user=root"] : [];

    /// <summary>Starts the owned server (again, on the same data directory) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_dir is null)
        {
            throw new InvalidOperationException("Only a server this run owns can be started.");
        }

        var info = new ProcessStartInfo(FindBinary("mariadbd")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // idle-transaction-timeout: a client frozen inside a transaction (the fault suite's SIGSTOPped workers) would
        // hold its row locks until thawed, and claims skip locked rows; the server ends such a session instead, as
        // docs/mysql.md recommends for production.
        foreach (string arg in (string[])[
            "--no-defaults", $"--datadir={DataDirectory}", $"--socket={Path.Combine(_dir, "mysqld.sock")}",
            $"--pid-file={Path.Combine(_dir, "mysqld.pid")}", $"--log-error={Path.Combine(_dir, "error.log")}",
            "--skip-networking", "--innodb-buffer-pool-size=128M", "--innodb-flush-log-at-trx-commit=1",
            "--max-connections=400", "--innodb-lock-wait-timeout=20", "--idle-transaction-timeout=10", .. RootUser()])
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new MySqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (MySqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (MySqlException ex)
            {
                string log = File.Exists(Path.Combine(_dir, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_dir, "error.log")) : "";
                throw new InvalidOperationException($"MariaDB did not accept connections (exited: {_process.HasExited}):\n{log}", ex);
            }
        }
    }

    /// <summary>Stops the owned server cleanly (SIGTERM, as a service manager would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
        await MySqlConnection.ClearAllPoolsAsync();
    }

    /// <summary>Kills the owned server (SIGKILL: no shutdown, no flush beyond what each commit made durable).</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        await MySqlConnection.ClearAllPoolsAsync();
    }

    /// <summary>A backend on a fresh schema of its own.</summary>
    public MySqlBackend CreateBackend(Workflows.Backends.BackendOptions? options = null, bool useBackendClock = false)
        => MySqlBackend.Open(ConnectionString, CreateOptions(options, useBackendClock));

    public MySqlBackendOptions CreateOptions(Workflows.Backends.BackendOptions? options = null, bool useBackendClock = false)
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

        return new MySqlBackendOptions { Backend = options ?? new(), SchemaName = schema, UseBackendClock = useBackendClock };
    }

    /// <summary>The connection string of a schema made by <see cref="CreateOptions"/>.</summary>
    public string ConnectionStringFor(string schema) => new MySqlConnectionStringBuilder(ConnectionString) { Database = schema }.ConnectionString;

    public async Task DisposeAsync()
    {
        if (_dir is null)
        {
            if (ConnectionString.Length > 0)
            {
                // Someone else's server: leave it as we found it.
                await using var connection = new MySqlConnection(ConnectionString);
                await connection.OpenAsync();
                foreach (string schema in _schemas)
                {
                    await using var drop = connection.CreateCommand();
                    drop.CommandText = "DROP DATABASE IF EXISTS `" + schema + "`;";
                    await drop.ExecuteNonQueryAsync();
                }
            }

            return;
        }

        await MySqlConnection.ClearAllPoolsAsync();
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
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>
{
    public const string Name = "MariaDB";
}

/// <summary>A fact that needs MariaDB: reported as skipped, with the reason, when no server can be had.</summary>
public sealed class MariaDbFactAttribute : FactAttribute
{
    public MariaDbFactAttribute()
    {
        if (MariaDbServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs MariaDB: skipped, with the reason, when it is not installed.</summary>
public sealed class MariaDbTheoryAttribute : TheoryAttribute
{
    public MariaDbTheoryAttribute()
    {
        if (MariaDbServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A fact that stops and starts the server: skipped, with the reason, when the run does not own one.</summary>
public sealed class OwnedMariaDbFactAttribute : FactAttribute
{
    public OwnedMariaDbFactAttribute()
    {
        if (MariaDbServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
        else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(MariaDbServer.ConnectionVariable)))
        {
            Skip = $"This test stops and starts its own MariaDB server; {MariaDbServer.ConnectionVariable} points at a server it must not stop.";
        }
    }
}

using Microsoft.Data.Sqlite;
using Workflows.Backends;

namespace Workflows.Sqlite;

/// <summary>
/// What all backends of one process share for one database: the single writer connection, the gate that
/// serialises writers in front of it, the schema check and the wake-up signals. Reference-counted; the last
/// backend to let go closes the writer.
/// </summary>
internal sealed class SqliteFile
{
    private static readonly Dictionary<string, SqliteFile> s_open = new(StringComparer.Ordinal);
    private static readonly Lock s_lock = new();
    private int _references;
    private volatile bool _initialized;

    private SqliteFile(string key) => Key = key;

    /// <summary>The full path of the file, or the name of the in-memory database.</summary>
    public string Key { get; }

    /// <summary>Writers of this process queue here, so only one transaction at a time uses <see cref="Writer"/>.</summary>
    public SemaphoreSlim WriterGate { get; } = new(1, 1);

    /// <summary>The one writer connection; only touched while holding <see cref="WriterGate"/>.</summary>
    public SqliteConnection? Writer { get; set; }

    /// <summary>The <c>PRAGMA synchronous</c> the writer currently runs with.</summary>
    public SqliteSynchronousMode? WriterSynchronous { get; set; }

    /// <summary>Write transactions since the last TRUNCATE checkpoint; only touched while holding <see cref="WriterGate"/>.</summary>
    public int WritesSinceCheckpoint { get; set; }

    /// <summary>Whether the schema has been checked (and migrated) through this writer.</summary>
    public bool Initialized
    {
        get => _initialized;
        set => _initialized = value;
    }

    /// <summary>Wakes workflow pollers of this process at once after a write.</summary>
    public WorkSignal WorkflowSignal { get; } = new();

    /// <summary>Wakes activity pollers of this process at once after a write.</summary>
    public WorkSignal ActivitySignal { get; } = new();

    public static SqliteFile Acquire(string key)
    {
        lock (s_lock)
        {
            if (!s_open.TryGetValue(key, out var file))
            {
                file = new SqliteFile(key);
                s_open[key] = file;
            }

            file._references++;
            return file;
        }
    }

    /// <summary>Drops one reference; true when it was the last, and the caller must close the writer.</summary>
    public bool Release()
    {
        lock (s_lock)
        {
            if (--_references > 0)
            {
                return false;
            }

            s_open.Remove(Key);
            return true;
        }
    }
}

using Microsoft.Data.Sqlite;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// The writer's positional statements answer as Microsoft.Data.Sqlite's commands do: rows changed, scalar values,
/// errors with SQLite's codes; and a call whose parameters are not exactly the statement's goes the old way.
/// </summary>
public sealed class SqliteRawStatementTests : IDisposable
{
    private readonly SqliteConnection _db = new("Data Source=:memory:");

    public SqliteRawStatementTests()
    {
        _db.Open();
        _db.Execute("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, note TEXT);");
        RawStatements.Enable(_db);
        _db.Execute("BEGIN;");
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void InATransaction_SingleStatementsTakeThePositionalPath()
    {
        Assert.NotNull(RawStatements.For(_db, "INSERT INTO t (id, n) VALUES ($id, $n);", [("$id", "a"), ("$n", 1L)]));
        Assert.Null(RawStatements.For(_db, "INSERT INTO t (id) VALUES ($id); INSERT INTO t (id) VALUES ('x');", [("$id", "b")]));
        Assert.Null(RawStatements.For(_db, "INSERT INTO t (id, n) VALUES ($id, $n);", [("$id", "a"), ("$n", 1.5)]));
        Assert.Null(RawStatements.For(_db, "INSERT INTO t (id, n) VALUES ($id, $n);", [("$id", "a")]));

        _db.Execute("COMMIT;");
        Assert.Null(RawStatements.For(_db, "INSERT INTO t (id, n) VALUES ($id, $n);", [("$id", "a"), ("$n", 1L)]));
        _db.Execute("BEGIN;");
    }

    // The writer's event inserts, with the parameters it gives them, are exactly their statements' own: one extra
    // parameter (the pending event's sequence number, once) sent every activity result down the slower path.
    [Fact]
    public void TheWritersEventInserts_TakeThePositionalPath()
    {
        using var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        SchemaMigrator.Migrate(db, ":memory:", DateTimeOffset.UtcNow);
        RawStatements.Enable(db);
        db.Execute("BEGIN;");
        var instance = new WorkflowInstance("i", "e");
        var e = Workflows.History.HistoryEvent.Create(DateTimeOffset.UtcNow, new Workflows.History.ActivityCompletedAttributes("42"), 2);

        Assert.NotNull(RawStatements.For(db, Sql.InsertPendingEvent, [.. EventRows.PendingEventParameters(instance, e), ("$now", 0L)]));
        Assert.NotNull(RawStatements.For(db, Sql.InsertPendingEventIfRunning, [.. EventRows.PendingEventParameters(instance, e), ("$now", 0L)]));
        Assert.NotNull(RawStatements.For(db, Sql.InsertHistoryEvent, EventRows.EventParameters(instance, e)));
        db.Execute("COMMIT;");
    }

    // First reads a claim's RETURNING row: by position inside the transaction, through Microsoft.Data.Sqlite outside
    // it, with the same values, the same refusal of a NULL, and every row changed though only the first is read.
    [Fact]
    public void First_ReadsTheFirstRow_AlikeOnBothPaths()
    {
        _db.Execute("INSERT INTO t (id, n, note) VALUES ('a', 1, NULL), ('b', 2, 'ü');");
        const string Update = "UPDATE t SET n = n + $by RETURNING id, n, note;";
        const string One = "UPDATE t SET n = n + $by WHERE id = $id RETURNING id, n, note;";
        var read = static (Row row, int _) => ((string, long, string?)?)(row.GetString(0), row.GetInt64(1), row.GetNullableString(2));

        Assert.NotNull(RawStatements.For(_db, One, [("$by", 10), ("$id", "b")]));
        var positional = _db.First(One, 0, read, ("$by", 10), ("$id", "b"));
        Assert.NotNull(_db.First(Update, 0, read, ("$by", 100)));
        Assert.Null(_db.First(One, 0, read, ("$by", 1), ("$id", "none")));
        var nullOnPositional = Assert.Throws<InvalidOperationException>(() => _db.First(One, 0, static (row, _) => row.GetString(2), ("$by", 0), ("$id", "a")));
        Assert.Contains("note", nullOnPositional.Message);
        _db.Execute("COMMIT;");

        Assert.Null(RawStatements.For(_db, One, [("$by", 10), ("$id", "b")]));
        var byName = _db.First(One, 0, read, ("$by", 10), ("$id", "b"));
        Assert.Null(_db.First(One, 0, read, ("$by", 1), ("$id", "none")));
        Assert.Throws<InvalidOperationException>(() => _db.First(One, 0, static (row, _) => row.GetString(2), ("$by", 0), ("$id", "a")));
        _db.Execute("BEGIN;");

        Assert.Equal(("b", 12L, "ü"), positional);
        Assert.Equal(("b", 122L, "ü"), byName);
        Assert.Equal(101L, _db.Scalar("SELECT n FROM t WHERE id = 'a';"));
    }

    [Fact]
    public void Each_ReadsEveryRow_AlikeOnBothPaths()
    {
        _db.Execute("INSERT INTO t (id, n, note) VALUES ('a', 1, NULL), ('b', NULL, 'ü'), ('c', 3, 'x');");
        const string Select = "SELECT id, n, note FROM t WHERE id >= $from ORDER BY id;";
        var read = static (Row row, List<string> rows) => rows.Add($"{row.GetString(0)}:{row.GetNullableInt64(1)}:{row.GetNullableString(2)}");

        Assert.NotNull(RawStatements.For(_db, Select, [("$from", "a")]));
        List<string> positional = [];
        _db.Each(Select, positional, read, ("$from", "a"));
        _db.Execute("COMMIT;");
        List<string> byName = [];
        _db.Each(Select, byName, read, ("$from", "a"));
        _db.Execute("BEGIN;");

        Assert.Equal(["a:1:", "b::ü", "c:3:x"], positional);
        Assert.Equal(positional, byName);
    }

    [Fact]
    public void Execute_ReturnsTheRowsChanged_AndMinusOneForAQuery()
    {
        Assert.Equal(1, _db.Execute("INSERT INTO t (id, n, note) VALUES ($id, $n, $note);", ("$id", "a"), ("$n", 1), ("$note", null)));
        Assert.Equal(1, _db.Execute("INSERT INTO t (id, n, note) VALUES ($id, $n, $note);", ("$id", "b"), ("$n", 2L), ("$note", "ü")));
        Assert.Equal(2, _db.Execute("UPDATE t SET n = n + $by WHERE n > $min;", ("$by", 10), ("$min", 0)));
        Assert.Equal(0, _db.Execute("UPDATE t SET n = n + $by WHERE n > $min;", ("$by", 10), ("$min", 1000)));
        Assert.Equal(-1, _db.Execute("SELECT n FROM t WHERE id = $id;", ("$id", "a")));
    }

    [Fact]
    public void Scalar_ReadsWhatWasBound_ByType()
    {
        _db.Execute("INSERT INTO t (id, n, note) VALUES ($id, $n, $note);", ("$id", "a"), ("$n", long.MaxValue), ("$note", "héllo"));
        _db.Execute("INSERT INTO t (id, n, note) VALUES ($id, $n, $note);", ("$id", "b"), ("$n", null), ("$note", DBNull.Value));

        Assert.Equal(long.MaxValue, _db.Scalar("SELECT n FROM t WHERE id = $id;", ("$id", "a")));
        Assert.Equal("héllo", _db.Scalar("SELECT note FROM t WHERE id = $id;", ("$id", "a")));
        Assert.Null(_db.Scalar("SELECT n FROM t WHERE id = $id;", ("$id", "b")));
        Assert.Null(_db.Scalar("SELECT n FROM t WHERE id = $id;", ("$id", "none")));
        Assert.Equal(0.5, _db.Scalar("SELECT $n / 2.0;", ("$n", 1)));
        Assert.Equal("a", _db.Scalar("UPDATE t SET n = 0 WHERE id = $id RETURNING id;", ("$id", "a")));
        Assert.Equal(0L, _db.Scalar("SELECT n FROM t WHERE id = $id;", ("$id", "a")));
    }

    [Fact]
    public void AConstraintViolation_ThrowsSqlitesCode_AndTheStatementRunsAgain()
    {
        const string insert = "INSERT INTO t (id, n) VALUES ($id, $n);";
        _db.Execute(insert, ("$id", "a"), ("$n", 1));

        var error = Assert.Throws<SqliteException>(() => _db.Execute(insert, ("$id", "a"), ("$n", 2)));
        Assert.Equal(19, error.SqliteErrorCode);
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);

        Assert.Equal(1, _db.Execute(insert, ("$id", "b"), ("$n", 3)));
        Assert.Equal(3L, _db.Scalar("SELECT n FROM t WHERE id = $id;", ("$id", "b")));
    }

    [Fact]
    public void AMissingParameter_IsNotLeftBoundFromTheLastCall()
    {
        const string insert = "INSERT INTO t (id, n) VALUES ($id, $n);";
        _db.Execute(insert, ("$id", "a"), ("$n", 1));

        // The positional path would keep $n = 1 from the call above; Microsoft.Data.Sqlite refuses the call instead.
        var error = Assert.Throws<InvalidOperationException>(() => _db.Execute(insert, ("$id", "b")));
        Assert.Contains("$n", error.Message, StringComparison.Ordinal);
        Assert.Null(_db.Scalar("SELECT n FROM t WHERE id = $id;", ("$id", "b")));
    }

    [Fact]
    public void ClosingTheConnection_FinalizesItsStatements()
    {
        using var dir = new TempDirectory();
        string path = dir.File("close.db");
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            db.Execute("PRAGMA journal_mode = WAL;");
            db.Execute("CREATE TABLE t (id TEXT PRIMARY KEY);");
            RawStatements.Enable(db);
            db.Execute("BEGIN;");
            Assert.NotNull(RawStatements.For(db, "INSERT INTO t (id) VALUES ($id);", [("$id", "a")]));
            db.Execute("INSERT INTO t (id) VALUES ($id);", ("$id", "a"));
            db.Execute("COMMIT;");
        }

        // SQLite removes the WAL when the last connection to the file really closes. A statement left unfinalized
        // keeps the connection open (a "zombie") after Close, and the WAL with it.
        Assert.False(File.Exists(path + "-wal"), "the connection is still open after Close");
    }
}

using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Workflows.Benchmarks;

/// <summary>
/// What the storage alone can do: single-row commits per second with the same settings the backend uses
/// (SQLite: WAL, synchronous=FULL, on the same directory), so results can be read as a fraction of it.
/// </summary>
internal static class StorageCeiling
{
    public static double? Measure(BenchmarkOptions options)
    {
        if (options.Backend != "sqlite")
        {
            return null;
        }

        string path = options.DatabasePath + ".ceiling";
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (v) VALUES ($v)";
            var value = insert.Parameters.Add("$v", SqliteType.Text);
            var watch = Stopwatch.StartNew();
            long commits = 0;
            while (watch.Elapsed < TimeSpan.FromSeconds(2))
            {
                using var tx = connection.BeginTransaction();
                insert.Transaction = tx;
                value.Value = "row";
                insert.ExecuteNonQuery();
                tx.Commit();
                commits++;
            }

            return commits / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

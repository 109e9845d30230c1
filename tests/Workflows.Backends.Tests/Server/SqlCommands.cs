using System.Data.Common;

namespace Workflows.Backends.Tests.Server;

/// <summary>Raw SQL for tests that set up or inspect a server backend's tables behind its back.</summary>
internal static class SqlCommands
{
    public static async Task ExecuteAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

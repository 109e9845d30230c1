using System.Data.Common;

namespace Workflows.Backends.SqlCore;

/// <summary>Small helpers for reading nullable columns, for the server backends' readers.</summary>
internal static class ServerReaderExtensions
{
    public static string? GetNullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTime? GetNullableDateTime(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);
}

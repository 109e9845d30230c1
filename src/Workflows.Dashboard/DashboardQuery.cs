using System.Globalization;
using Microsoft.AspNetCore.Http;
using Workflows.Backends;

namespace Workflows.Dashboard;

/// <summary>Turns the list filters of a request's query string into an <see cref="InstanceQuery"/>, naming any bad value.</summary>
internal static class DashboardQuery
{
    /// <summary>The query-string keys the list understands, in the order the filter form shows them.</summary>
    public static readonly string[] Keys = ["status", "name", "queue", "prefix", "createdFrom", "createdBefore", "finishedFrom", "finishedBefore", "parent"];

    public static InstanceQuery Parse(IQueryCollection q, int defaultPageSize, out string? error)
    {
        error = null;
        var query = new InstanceQuery
        {
            PageSize = defaultPageSize,
            Cursor = Text(q, "cursor"),
            WorkflowName = Text(q, "name"),
            Queue = Text(q, "queue"),
            InstanceIdPrefix = Text(q, "prefix"),
            ParentInstanceId = Text(q, "parent"),
        };

        if (query.Cursor is not null && !long.TryParse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            error = $"'cursor' is not a cursor this dashboard returned: '{query.Cursor}'.";
            return query;
        }

        if (Text(q, "status") is { } status)
        {
            if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                error = $"'status' must be one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}; got '{status}'.";
                return query;
            }

            query = query with { Status = parsed };
        }

        if (Text(q, "pageSize") is { } size)
        {
            if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out int pageSize) || pageSize is < 1 or > 500)
            {
                error = $"'pageSize' must be a whole number from 1 to 500; got '{size}'.";
                return query;
            }

            query = query with { PageSize = pageSize };
        }

        query = query with
        {
            CreatedFrom = Time(q, "createdFrom", ref error),
            CreatedBefore = Time(q, "createdBefore", ref error),
            FinishedFrom = Time(q, "finishedFrom", ref error),
            FinishedBefore = Time(q, "finishedBefore", ref error),
        };
        return query;
    }

    public static string? Text(IQueryCollection q, string key)
        => q.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static DateTimeOffset? Time(IQueryCollection q, string key, ref string? error)
    {
        if (Text(q, key) is not { } text)
        {
            return null;
        }

        // Times without an offset (what a datetime-local input sends) are read as UTC.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        error ??= $"'{key}' is not a date and time (ISO 8601, e.g. 2030-01-31T12:00Z); got '{text}'.";
        return null;
    }
}

namespace DashboardSample;

/// <summary>How the sample app starts.</summary>
public sealed class SampleAppOptions
{
    /// <summary>The SQLite file; a new temporary file when null.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>The loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Whether the dashboard's actions are enabled.</summary>
    public bool EnableActions { get; init; } = true;
}

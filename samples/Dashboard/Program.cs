using DashboardSample;

// The dashboard over a SQLite database filled with workflows in every state.
// Usage: dotnet run --project samples/Dashboard [-- --db path.db] [--port 5080] [--read-only]
string? db = Option(args, "--db");
int port = Option(args, "--port") is { } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 0;
await using var sample = await SampleApp.StartAsync(new SampleAppOptions
{
    DatabasePath = db,
    Port = port,
    EnableActions = !args.Contains("--read-only"),
});

Console.WriteLine($"Dashboard: {sample.DashboardUrl}");
Console.WriteLine("Press Ctrl+C to stop.");
await sample.App.WaitForShutdownAsync();

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

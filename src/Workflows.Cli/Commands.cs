using System.CommandLine;

namespace Workflows.Cli;

/// <summary>Every command of the tool, in the order <c>--help</c> lists them.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(GlobalOptions globals, TextWriter output) =>
    [
        InstanceCommands.List(globals, output),
        InstanceCommands.Show(globals, output),
        InstanceCommands.Executions(globals, output),
        InstanceCommands.ExportHistory(globals, output),
        ControlCommands.Signal(globals, output),
        ControlCommands.Cancel(globals, output),
        ControlCommands.Terminate(globals, output),
        ControlCommands.Resume(globals, output),
        ControlCommands.Remove(globals, output),
        ControlCommands.Purge(globals, output),
        ControlCommands.AutoExpire(globals, output),
        ReplayCommand.Create(globals, output),
        MigrateCommand.Create(globals, output),
    ];

    /// <summary>The instance-id argument most commands take.</summary>
    public static Argument<string> InstanceId(string description = "The workflow instance id.") => new("instance-id") { Description = description };

    /// <summary>Formats a time for people: UTC, to the second.</summary>
    public static string Time(DateTimeOffset? time)
        => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>The status name the tool prints and accepts.</summary>
    public static string Status(WorkflowStatus status) => status.ToString().ToLowerInvariant();
}

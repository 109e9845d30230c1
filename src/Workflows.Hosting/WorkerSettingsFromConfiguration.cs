using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Workflows.Hosting;

/// <summary>
/// Overlays a worker's entry of <c>Workflows:Workers</c> on what code set: registered after the code's
/// configuration, so configuration wins, key by key.
/// </summary>
internal sealed class WorkerSettingsFromConfiguration(IConfiguration? configuration) : IConfigureNamedOptions<WorkflowWorkerSettings>
{
    public void Configure(WorkflowWorkerSettings options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, WorkflowWorkerSettings options)
    {
        if (name is null || FindSection(configuration, name) is not { } found)
        {
            return;
        }

        // The binder appends to a list; configured queues replace those set in code, as every other key does.
        if (found.Section.GetSection(nameof(options.Queues)).GetChildren().Any())
        {
            options.Queues.Clear();
        }

        found.Section.Bind(options);
        options.Name = name;
    }

    /// <summary>The entry of <c>Workflows:Workers</c> for worker <paramref name="name"/> and its index, if there is one.</summary>
    public static (IConfigurationSection Section, string Key)? FindSection(IConfiguration? configuration, string name)
    {
        if (configuration is null)
        {
            return null;
        }

        foreach (var entry in configuration.GetSection(WorkflowsOptions.SectionName).GetSection("Workers").GetChildren())
        {
            string entryName = entry["Name"] is { Length: > 0 } given ? given : WorkflowWorkerSettings.DefaultName;
            if (string.Equals(entryName, name, StringComparison.OrdinalIgnoreCase))
            {
                return (entry, entry.Path);
            }
        }

        return null;
    }
}

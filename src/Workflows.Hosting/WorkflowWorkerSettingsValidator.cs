using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Workflows.Hosting;

/// <summary>
/// Checks a worker's settings when the host starts. Each failure names the configuration key the value came from
/// (<c>Workflows:Workers:0:MaxParallelActivities</c>), or the worker in code when configuration did not set it.
/// </summary>
internal sealed class WorkflowWorkerSettingsValidator(IConfiguration? configuration) : IValidateOptions<WorkflowWorkerSettings>
{
    public ValidateOptionsResult Validate(string? name, WorkflowWorkerSettings options)
    {
        name ??= WorkflowWorkerSettings.DefaultName;
        string prefix = WorkerSettingsFromConfiguration.FindSection(configuration, name) is { } found
            ? found.Key + ":"
            : $"AddWorker(\"{name}\") ";
        var failures = new List<string>();
        void AtLeastOne(int value, string key)
        {
            if (value < 1)
            {
                failures.Add($"{prefix}{key} must be at least 1 (it is {value}).");
            }
        }

        AtLeastOne(options.WorkflowPollers, nameof(options.WorkflowPollers));
        AtLeastOne(options.ActivityPollers, nameof(options.ActivityPollers));
        AtLeastOne(options.MaxParallelWorkflowTasks, nameof(options.MaxParallelWorkflowTasks));
        AtLeastOne(options.MaxParallelActivities, nameof(options.MaxParallelActivities));
        AtLeastOne(options.ExecutorCacheSize, nameof(options.ExecutorCacheSize));
        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.PollInterval)} must be positive (it is {options.PollInterval}).");
        }

        if (options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.StaleAfter)} must be positive (it is {options.StaleAfter}).");
        }

        for (int i = 0; i < options.Queues.Count; i++)
        {
            try
            {
                Identifiers.Check(options.Queues[i], Identifiers.Queue);
            }
            catch (InvalidIdentifierException ex)
            {
                failures.Add($"{prefix}Queues:{i} is not a valid queue name: {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

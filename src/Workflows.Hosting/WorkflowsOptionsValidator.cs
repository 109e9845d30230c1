using Microsoft.Extensions.Options;
using Workflows.Backends;

namespace Workflows.Hosting;

/// <summary>
/// Checks <see cref="WorkflowsOptions"/> when the host starts; each failure names its configuration key. Never
/// quotes <see cref="WorkflowsOptions.ConnectionString"/>: it holds secrets.
/// </summary>
internal sealed class WorkflowsOptionsValidator(WorkflowsBuilder builder) : IValidateOptions<WorkflowsOptions>
{
    private const string Section = WorkflowsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, WorkflowsOptions options)
    {
        var failures = new List<string>();
        if (ChosenBackend(builder, options) is null)
        {
            failures.Add(BackendProblem(builder, options));
        }

        if (options.WorkflowLockTimeout is { } workflowLock && workflowLock <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(options.WorkflowLockTimeout)} must be positive (it is {workflowLock}).");
        }

        if (options.ActivityLockTimeout is { } activityLock && activityLock <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(options.ActivityLockTimeout)} must be positive (it is {activityLock}).");
        }

        for (int i = 0; i < options.Workers.Count; i++)
        {
            string worker = options.Workers[i].Name is { Length: > 0 } given ? given : WorkflowWorkerSettings.DefaultName;
            if (!builder.WorkerNames.Contains(worker))
            {
                failures.Add($"{Section}:Workers:{i}:Name names worker '{worker}', which no AddWorker call adds (added: {Names(builder.WorkerNames)}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The backend factory the options pick, or null when they pick none or an unknown one.</summary>
    public static Func<WorkflowsBackendContext, IBackend>? ChosenBackend(WorkflowsBuilder builder, WorkflowsOptions options)
    {
        if (options.Backend is { Length: > 0 } named)
        {
            return builder.Backends.GetValueOrDefault(named);
        }

        return builder.Backends.Count == 1 ? builder.Backends.Values.First() : null;
    }

    public static string BackendProblem(WorkflowsBuilder builder, WorkflowsOptions options)
        => builder.Backends.Count == 0
            ? "No backend is registered: call UseSqlite, UseMySql, UsePostgres or UseInMemory in AddWorkflows."
            : options.Backend is { Length: > 0 } named
                ? $"{Section}:{nameof(options.Backend)} is '{named}', which is not registered (registered: {Names(builder.Backends.Keys)})."
                : $"{Section}:{nameof(options.Backend)} must choose one of the registered backends: {Names(builder.Backends.Keys)}.";

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Hosting;

/// <summary>Adds Workflows to a service collection.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds Workflows: one <see cref="IBackend"/> (a singleton the container disposes), a singleton
    /// <see cref="WorkflowClient"/> on it, a <see cref="WorkflowRegistry"/> and the workers <paramref name="configure"/>
    /// adds; <see cref="WorkflowsOptions"/> bound from the <c>"Workflows"</c> configuration section and validated when
    /// the host starts. The container's <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> are used by the
    /// backend, the client and the workers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the backend, adds workers and activities.</param>
    /// <exception cref="InvalidOperationException">Workflows was added to this collection before.</exception>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(WorkflowsBuilder)))
        {
            throw new InvalidOperationException("AddWorkflows was called twice on this service collection; configure everything in one call.");
        }

        var builder = new WorkflowsBuilder(services);
        configure(builder);
        services.AddSingleton(builder);
        services.AddOptions<WorkflowsOptions>().BindConfiguration(WorkflowsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowsOptions>>(sp => new WorkflowsOptionsValidator(builder));
        services.AddSingleton<IValidateOptions<WorkflowWorkerSettings>>(sp => new WorkflowWorkerSettingsValidator(sp.GetService<IConfiguration>()));
        services.AddSingleton<IConfigureOptions<WorkflowWorkerSettings>>(sp => new WorkerSettingsFromConfiguration(sp.GetService<IConfiguration>()));
        services.TryAddSingleton<WorkerMonitor>();
        services.AddSingleton<IBackend>(sp => CreateBackend(sp, builder));
        services.AddSingleton(sp => new WorkflowClient(sp.GetRequiredService<IBackend>(), new WorkflowClientOptions { TimeProvider = sp.GetService<TimeProvider>() }));
        services.AddSingleton(sp =>
        {
            var registry = new WorkflowRegistry();
            foreach (var register in builder.Registrations)
            {
                register(registry, sp);
            }

            return registry;
        });
        return services;
    }

    private static IBackend CreateBackend(IServiceProvider services, WorkflowsBuilder builder)
    {
        var options = services.GetRequiredService<IOptions<WorkflowsOptions>>().Value;
        var factory = WorkflowsOptionsValidator.ChosenBackend(builder, options)
            ?? throw new InvalidOperationException(WorkflowsOptionsValidator.BackendProblem(builder, options));
        var defaults = new BackendOptions();
        var backendOptions = defaults with
        {
            TimeProvider = services.GetService<TimeProvider>() ?? defaults.TimeProvider,
            WorkflowLockTimeout = options.WorkflowLockTimeout ?? defaults.WorkflowLockTimeout,
            ActivityLockTimeout = options.ActivityLockTimeout ?? defaults.ActivityLockTimeout,
        };
        return factory(new WorkflowsBackendContext(services, options.ConnectionString, backendOptions));
    }
}

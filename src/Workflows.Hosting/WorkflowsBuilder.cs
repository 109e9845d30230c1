using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Workflows.Backends;
using Workflows.Worker;

namespace Workflows.Hosting;

/// <summary>
/// Configures Workflows in a service container: the backend (<c>UseSqlite</c>, <c>UseMySql</c>, <c>UsePostgres</c>
/// from the backend packages, <see cref="UseInMemory"/>), the hosted workers, the activity classes and the
/// registration of workflows and activities. Handed to the callback of <c>AddWorkflows</c>.
/// </summary>
public sealed class WorkflowsBuilder
{
    private readonly HashSet<string> _workers = new(StringComparer.OrdinalIgnoreCase);

    internal WorkflowsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    internal Dictionary<string, Func<WorkflowsBackendContext, IBackend>> Backends { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal List<Action<WorkflowRegistry, IServiceProvider>> Registrations { get; } = [];

    internal IReadOnlyCollection<string> WorkerNames => _workers;

    /// <summary>
    /// Registers a backend under <paramref name="name"/>; the backend packages' <c>Use...</c> methods call this. When
    /// several are registered, <see cref="WorkflowsOptions.Backend"/> picks one.
    /// </summary>
    /// <param name="name">The name configuration picks it by (<c>Workflows:Backend</c>).</param>
    /// <param name="factory">Builds the backend once, when it is first needed; the container disposes it.</param>
    public WorkflowsBuilder UseBackend(string name, Func<WorkflowsBackendContext, IBackend> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        Backends[name] = factory;
        return this;
    }

    /// <summary>Uses the in-memory backend: for tests and samples, nothing survives the process.</summary>
    public WorkflowsBuilder UseInMemory()
        => UseBackend("InMemory", context => new InMemoryBackend(context.BackendOptions));

    /// <summary>
    /// Adds a worker that runs as a hosted service: it starts with the host and stops within the host's shutdown
    /// timeout (polling stops, activities in flight finish, or are cancelled and released for another worker when
    /// the timeout passes). Several workers with different queues may run in one host.
    /// </summary>
    /// <param name="name">Unique in the host; matches the worker's entry in <c>Workflows:Workers</c>. Null means <c>default</c>.</param>
    /// <param name="configure">Sets the worker's settings in code; configuration overrides them.</param>
    /// <exception cref="ArgumentException">A worker of that name was added before.</exception>
    public WorkflowsBuilder AddWorker(string? name = null, Action<WorkflowWorkerSettings>? configure = null)
    {
        name ??= WorkflowWorkerSettings.DefaultName;
        if (!_workers.Add(name))
        {
            throw new ArgumentException($"A worker named '{name}' was added already; give each worker its own name.", nameof(name));
        }

        Services.AddOptions<WorkflowWorkerSettings>(name).Configure(settings =>
        {
            settings.Name = name;
            configure?.Invoke(settings);
        }).ValidateOnStart();
        Services.AddSingleton<IHostedService>(services => new WorkflowWorkerService(services, name));
        return this;
    }

    /// <summary>
    /// Registers an activity class in the container with <paramref name="lifetime"/>. With the registration's
    /// container form (<c>registry.AddGeneratedWorkflows(services)</c>, see <see cref="AddRegistrations"/>) every
    /// activity execution resolves it from a scope of its own, so it may take scoped services; the scope, and what
    /// it created, is disposed when the execution ends (<see cref="IAsyncDisposable"/> first).
    /// </summary>
    /// <typeparam name="TActivities">The class whose <c>[Activity]</c> methods run.</typeparam>
    /// <param name="lifetime">Scoped (the default): one object per execution; transient; or singleton: one shared object.</param>
    public WorkflowsBuilder AddActivities<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TActivities>(ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TActivities : class
    {
        Services.TryAdd(new ServiceDescriptor(typeof(TActivities), typeof(TActivities), lifetime));
        return this;
    }

    /// <summary>
    /// Adds to what the workers run: typically <c>(registry, services) =&gt; registry.AddGeneratedWorkflows(services)</c>,
    /// the generated registration that resolves activity classes from the container.
    /// </summary>
    /// <param name="register">Registers workflows and activities; called once, when the first worker starts.</param>
    public WorkflowsBuilder AddRegistrations(Action<WorkflowRegistry, IServiceProvider> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        Registrations.Add(register);
        return this;
    }
}

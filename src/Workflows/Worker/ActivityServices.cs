namespace Workflows.Worker;

/// <summary>
/// The services an activity execution resolves from. Generated registration that takes an
/// <see cref="IServiceProvider"/> (<c>registry.AddGeneratedWorkflows(services)</c>) creates each activity object here,
/// once per execution, so an activity class can take scoped services.
/// </summary>
public static class ActivityServices
{
    private static readonly AsyncLocal<IServiceProvider?> s_current = new();

    /// <summary>
    /// The services of the activity execution running on this async flow (its <see cref="IActivityScope"/>), or null
    /// outside an activity or when the worker opens no scopes.
    /// </summary>
    public static IServiceProvider? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>
    /// Resolves the object an activity of <typeparamref name="T"/> runs on: from the running execution's scope when
    /// there is one, else from <paramref name="services"/>.
    /// </summary>
    /// <param name="services">The container's root services, used outside a scope.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not registered.</exception>
    public static T Resolve<T>(IServiceProvider services)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        return (Current ?? services).GetService(typeof(T)) as T
            ?? throw new InvalidOperationException(
                $"Activity class '{typeof(T).FullName}' is not registered in the service container; register it with AddActivities<{typeof(T).Name}>() (or as a service).");
    }
}

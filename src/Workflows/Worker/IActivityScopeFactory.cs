namespace Workflows.Worker;

/// <summary>
/// Opens the services of one activity execution, such as a dependency-injection scope, so that an activity class and
/// what it depends on (a database context) are created for that execution alone. A worker built with one calls
/// <see cref="CreateScope"/> before each execution and disposes the scope, asynchronously, when the execution ends.
/// The hosting package supplies one over <c>IServiceScopeFactory</c>; the core package needs no container.
/// </summary>
public interface IActivityScopeFactory
{
    /// <summary>Opens the scope of one activity execution.</summary>
    /// <returns>The scope; <see cref="ActivityServices.Current"/> is its services while the activity runs.</returns>
    IActivityScope CreateScope();
}

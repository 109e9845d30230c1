namespace Workflows.Diagnostics;

/// <summary>
/// Carries ambient values of the caller (a tenant, a correlation id) into workflows and activities. The client calls
/// <see cref="Inject"/> at start and the values are stored with the instance (its metadata), so every replay sees
/// the same ones; workflow code reads them from <see cref="WorkflowContext.Headers"/>; the worker calls
/// <see cref="Restore"/> around each activity, whose code may also read <see cref="ActivityContext.Headers"/>.
/// </summary>
public interface IWorkflowContextPropagator
{
    /// <summary>Adds the caller's ambient values to <paramref name="headers"/>. Runs on the client, in the caller's async flow.</summary>
    /// <param name="headers">The values the instance will carry; keys already present (metadata given in the options) may be overwritten.</param>
    void Inject(IDictionary<string, string> headers);

    /// <summary>
    /// Makes the values ambient again for an activity's code (sets an <see cref="AsyncLocal{T}"/>, a log scope) and
    /// returns what undoes it when the activity ends, or null.
    /// </summary>
    /// <param name="headers">The values the instance carries.</param>
    IDisposable? Restore(IReadOnlyDictionary<string, string> headers);
}

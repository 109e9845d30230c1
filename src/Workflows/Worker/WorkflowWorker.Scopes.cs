using Microsoft.Extensions.Logging;
using Workflows.Backends;

namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    private readonly IActivityScopeFactory? _scopes;

    /// <summary>
    /// Creates a worker that runs each activity execution inside a scope from <paramref name="scopes"/>, disposed
    /// when the execution ends; call <see cref="StartAsync"/> to begin polling.
    /// </summary>
    /// <param name="backend">The backend to poll.</param>
    /// <param name="registry">The workflows and activities this worker runs.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="scopes">Opens the services of each activity execution; null opens none.</param>
    /// <exception cref="InvalidIdentifierException">A queue in the options breaks the identifier rules.</exception>
    public WorkflowWorker(IBackend backend, WorkflowRegistry registry, WorkflowWorkerOptions? options, IActivityScopeFactory? scopes)
        : this(backend, registry, options)
    {
        _scopes = scopes;
    }

    /// <summary>
    /// Runs one activity execution through the worker's interceptors: inside a log scope naming the execution, and
    /// inside a scope of services when the worker has a scope factory (so interceptors see the execution's services). The scope ends with the body, not with the wait for it: a body that outlives its
    /// timeout keeps its services until it returns.
    /// </summary>
    private async Task<object?> InvokeActivityAsync(ActivityDefinition definition, PayloadArguments arguments, CancellationToken cancellationToken)
    {
        var context = ActivityContext.Current;
        using var logScope = context is null ? null : _logger.BeginScope(LogScope.ForActivity(context));
        if (_scopes is null)
        {
            return await InvokeIntercepted(definition.Invoker, arguments, cancellationToken).ConfigureAwait(false);
        }

        var scope = _scopes.CreateScope();
        await using (scope.ConfigureAwait(false))
        {
            var previous = ActivityServices.Current;
            ActivityServices.Current = scope.Services;
            try
            {
                return await InvokeIntercepted(definition.Invoker, arguments, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ActivityServices.Current = previous;
            }
        }
    }
}

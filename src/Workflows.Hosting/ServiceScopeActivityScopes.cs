using Microsoft.Extensions.DependencyInjection;
using Workflows.Worker;

namespace Workflows.Hosting;

/// <summary>One DI scope per activity execution, disposed asynchronously when the execution ends.</summary>
internal sealed class ServiceScopeActivityScopes(IServiceScopeFactory scopes) : IActivityScopeFactory
{
    public IActivityScope CreateScope() => new Scope(scopes.CreateAsyncScope());

    private sealed class Scope(AsyncServiceScope scope) : IActivityScope
    {
        public IServiceProvider Services => scope.ServiceProvider;

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}

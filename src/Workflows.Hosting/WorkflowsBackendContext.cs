using Workflows.Backends;

namespace Workflows.Hosting;

/// <summary>What a backend factory registered with <see cref="WorkflowsBuilder.UseBackend"/> builds the backend from.</summary>
/// <param name="Services">The container, for anything else the backend needs.</param>
/// <param name="ConnectionString">The connection string from <see cref="WorkflowsOptions.ConnectionString"/>; null when unset.</param>
/// <param name="BackendOptions">Lease lengths from configuration and the container's <see cref="TimeProvider"/>.</param>
public sealed record WorkflowsBackendContext(IServiceProvider Services, string? ConnectionString, BackendOptions BackendOptions);

namespace Workflows.Client;

/// <summary>Options of a workflow start.</summary>
public sealed record WorkflowOptions
{
    /// <summary>The instance id; a new GUID when null. Only one execution per id may be active at a time.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The queue the workflow runs on.</summary>
    public string Queue { get; init; } = WorkflowClient.DefaultQueue;

    /// <summary>Free-form metadata stored with the instance.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>Options of a <see cref="WorkflowClient"/>.</summary>
public sealed record WorkflowClientOptions
{
    /// <summary>Encodes inputs and decodes results; must match the workers'.</summary>
    public Serialization.IPayloadConverter PayloadConverter { get; init; } = Serialization.JsonPayloadConverter.Default;

    /// <summary>
    /// The clock for start and signal timestamps and for wait timeouts; null (the default) uses the backend's,
    /// <see cref="Backends.BackendOptions.TimeProvider"/>, so one setting drives client, worker and backend.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// Add the caller's ambient values (tenant, correlation id) to every instance this client starts; workers
    /// read them back through <see cref="WorkflowContext.Headers"/> and their own propagators.
    /// </summary>
    public IReadOnlyList<Diagnostics.IWorkflowContextPropagator> ContextPropagators { get; init; } = [];

    /// <summary>Wrap the client's start, signal, cancel and terminate calls; the first in the list is the outermost.</summary>
    public IReadOnlyList<global::Workflows.Interceptors.IWorkflowClientInterceptor> Interceptors { get; init; } = [];

    /// <summary>The longest pause between two state reads while waiting for a result.</summary>
    public TimeSpan MaxResultPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}

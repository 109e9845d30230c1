namespace Workflows.Interceptors;

/// <summary>A signal as <see cref="IWorkflowClientInterceptor"/>s see it.</summary>
/// <param name="InstanceId">The target instance.</param>
/// <param name="SignalName">The signal name.</param>
/// <param name="Value">The encoded value.</param>
/// <param name="RequestId">The request id that makes a retried call land once.</param>
/// <param name="CancellationToken">Cancels the call.</param>
public sealed record SignalWorkflowInput(string InstanceId, string SignalName, string? Value, string? RequestId, CancellationToken CancellationToken);

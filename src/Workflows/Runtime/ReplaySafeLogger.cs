using Microsoft.Extensions.Logging;

namespace Workflows.Runtime;

/// <summary>Drops log entries while the executor replays history, so each entry is written once.</summary>
internal sealed class ReplaySafeLogger(WorkflowExecutor executor, ILogger inner) : ILogger
{
    public ILogger Inner => inner;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !executor.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!executor.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}

using Microsoft.Extensions.Logging;

namespace Workflows.TestWorker;

/// <summary>
/// Writes warnings and errors to standard output as <c>log &lt;event id&gt; &lt;message&gt;</c>, one line each, so a
/// test can count what a worker reported (lease losses of a thawed worker, for one).
/// </summary>
public sealed class ConsoleLoggerFactory : ILoggerFactory
{
    private static readonly Lock s_lock = new();

    public ILogger CreateLogger(string categoryName) => new LineLogger();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class LineLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string line = $"log {eventId.Id} {formatter(state, exception).ReplaceLineEndings(" ")}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})")}";
            lock (s_lock)
            {
                Console.Out.WriteLine(line);
            }
        }
    }
}

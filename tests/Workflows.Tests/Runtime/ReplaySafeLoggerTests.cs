using Microsoft.Extensions.Logging;
using Workflows.History;
using Workflows.Runtime;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

public sealed class ReplaySafeLoggerTests
{
    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Add(formatter(state, exception));
    }

    [Fact]
    public void Logger_DuringReplay_StaysSilentAndLogsNewProgressOnce()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Logs", async (WorkflowContext ctx) =>
        {
            ctx.Logger.LogInformation("step 1");
            await ctx.ExecuteActivityAsync("A", null);
            ctx.Logger.LogInformation("step 2");
            await ctx.ExecuteActivityAsync("A", null);
            ctx.Logger.LogInformation("step 3");
        });
        var harness = new ExecutorHarness(registry);
        harness.Run(harness.NewExecutor(), false, ExecutorHarness.Pending(new ExecutionStartedAttributes("Logs", "default", [])));
        harness.Run(harness.NewExecutor(), true, ExecutorHarness.Pending(new ActivityCompletedAttributes(null), 1));

        // A fresh executor replays the first two tasks, then applies the last completion.
        var logger = new ListLogger();
        var executor = new WorkflowExecutor(harness.Instance, registry, JsonPayloadConverter.Default, logger, harness.Clock);
        var task = new Backends.WorkflowTask(harness.Instance, "token", "Logs", "default", harness.History.Count, [ExecutorHarness.Pending(new ActivityCompletedAttributes(null), 2)]);
        executor.Execute(task, harness.History);

        Assert.Equal(["step 3"], logger.Lines);
    }
}

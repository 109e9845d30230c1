namespace Workflows.Analyzers.Tests.Infrastructure;

/// <summary>Source of a minimal Workflows SDK surface, added to every test compilation.</summary>
internal static class WorkflowsStub
{
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.Logging;
        global using Workflows;
        """;

    public const string Logging = """
        namespace Microsoft.Extensions.Logging
        {
            using System;

            public enum LogLevel { Trace, Debug, Information, Warning, Error, Critical, None }

            public interface ILogger
            {
                void Log(LogLevel logLevel, string message);
            }

            public interface ILogger<out TCategoryName> : ILogger { }

            public static class LoggerExtensions
            {
                public static void LogInformation(this ILogger logger, string message, params object?[] args) { }
                public static void LogWarning(this ILogger logger, string message, params object?[] args) { }
            }
        }
        """;

    public const string Sdk = """
        #nullable enable
        namespace Workflows
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;

            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
            public sealed class WorkflowAttribute : Attribute
            {
                public WorkflowAttribute(string? name = null) { }
            }

            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
            public sealed class ActivityAttribute : Attribute
            {
                public ActivityAttribute(string? name = null) { }
            }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class WorkflowRunAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class WorkflowSignalAttribute : Attribute
            {
                public WorkflowSignalAttribute(string? name = null) { }
            }

            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Property)]
            public sealed class WorkflowQueryAttribute : Attribute
            {
                public WorkflowQueryAttribute(string? name = null) { }
            }

            public sealed class ActivityOptions { }
            public sealed class SubWorkflowOptions { }
            public sealed class ActivityStubs { }
            public sealed class SubWorkflowStubs { }
            public sealed class WorkflowChannel<T>
            {
                public Task<T> ReceiveAsync() => throw null!;
                public Task SendAsync(T value) => throw null!;
            }

            public sealed class WorkflowContext
            {
                public DateTimeOffset Now => throw null!;
                public Guid NewGuid() => throw null!;
                public string WorkflowName => throw null!;
                public Task WaitConditionAsync(Func<bool> condition) => throw null!;
                public Random Random => throw null!;
                public bool IsReplaying => throw null!;
                public ILogger Logger => throw null!;
                public CancellationToken CancellationToken => throw null!;
                public ActivityStubs Activities => throw null!;
                public SubWorkflowStubs Workflows => throw null!;
                public WorkflowContext Disconnected() => throw null!;
                public Task<T> ExecuteActivityAsync<T>(string name, ActivityOptions? options, params object?[] args) => throw null!;
                public Task ExecuteActivityAsync(string name, ActivityOptions? options, params object?[] args) => throw null!;
                public Task<T> ExecuteSubWorkflowAsync<T>(string name, SubWorkflowOptions? options, params object?[] args) => throw null!;
                public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken = default) => throw null!;
                public Task DelayUntilAsync(DateTimeOffset time, CancellationToken cancellationToken = default) => throw null!;
                public Task<T> SideEffectAsync<T>(Func<T> func) => throw null!;
                public Task Go(Func<WorkflowContext, Task> body) => throw null!;
                public Task<T[]> WhenAll<T>(params Task<T>[] tasks) => throw null!;
                public Task<Task<T>> WhenAny<T>(params Task<T>[] tasks) => throw null!;
                public WorkflowChannel<T> NewChannel<T>(int capacity = 0) => throw null!;
                public Task ContinueAsNew(params object?[] args) => throw null!;
                public bool IsPatched(string patchId) => throw null!;
                public void DeprecatePatch(string patchId) => throw null!;
            }
        }

        namespace Workflows.Worker
        {
            using System;

            public sealed class WorkflowRegistry
            {
                public WorkflowRegistry AddWorkflow(string name, Delegate workflow) => this;
                public WorkflowRegistry AddActivity(string name, Delegate activity) => this;
            }
        }
        """;
}

using Microsoft.Extensions.Logging;
using Workflows.Backends;

namespace Workflows.Worker;

/// <summary>
/// Retention that runs itself (after go-workflows' auto-expiration): a built-in workflow, one instance per database,
/// that removes the instances which finished longer ago than the retention period, in batches, then sleeps on a
/// durable timer for the interval and does it again. It is ordinary workflow history, so it survives restarts,
/// runs on whichever worker polls its queue, and a new period sent by
/// <see cref="Client.WorkflowClient.StartAutoExpirationAsync"/> reaches it as a signal and takes effect at once,
/// without restarting anything.
/// </summary>
internal static class AutoExpiration
{
    /// <summary>The reserved workflow name.</summary>
    public const string WorkflowName = "Workflows.AutoExpiration";

    /// <summary>The one instance per database.</summary>
    public const string InstanceId = "workflows.auto-expiration";

    /// <summary>The activity that removes one round of expired instances.</summary>
    public const string RemoveActivity = "Workflows.RemoveExpired";

    /// <summary>The signal that carries new settings: <c>[retention ticks, interval ticks]</c>.</summary>
    public const string SettingsSignal = "Workflows.AutoExpiration.Settings";

    // Rounds per execution before continuing as new, so the instance's history stays short however long it runs.
    internal const int RoundsPerExecution = 50;

    // Instances removed per transaction, and the most one round removes before it yields to the timer.
    internal const int BatchSize = 500;
    internal const int MaxBatchesPerRound = 200;

    public static WorkflowDefinition Workflow { get; } = new(WorkflowName, RunAsync, ResultType: null);

    public static ActivityDefinition RemoveDefinition(IBackend backend, TimeProvider clock, ILogger logger) => new(
        RemoveActivity,
        async (args, ct) =>
        {
            args.ExpectCount(1);
            var retention = TimeSpan.FromTicks(args.Get<long>(0));
            var cutoff = clock.GetUtcNow() - retention;
            long removed = 0;
            for (int batch = 0; batch < MaxBatchesPerRound; batch++)
            {
                int count = await backend.RemoveWorkflowInstancesAsync(cutoff, BatchSize, ct).ConfigureAwait(false);
                removed += count;
                if (count < BatchSize)
                {
                    break;
                }
            }

            WorkerLog.ExpiredInstancesRemoved(logger, removed, cutoff);
            return removed;
        },
        typeof(long));

    private static async Task<object?> RunAsync(WorkflowContext ctx, PayloadArguments args)
    {
        args.ExpectCount(2);
        long retention = args.Get<long>(0);
        long interval = args.Get<long>(1);
        var settings = ctx.Signals<long[]>(SettingsSignal);
        for (int round = 0; round < RoundsPerExecution; round++)
        {
            await ctx.ExecuteActivityAsync<long>(RemoveActivity, null, retention);

            // Sleep for the interval, unless new settings arrive first: then the next round runs at once with them.
            using var sleep = new CancellationTokenSource();
            var timer = ctx.DelayAsync(TimeSpan.FromTicks(interval), sleep.Token);
            long[]? changed = null;
            await ctx.Select()
                .OnReceive(settings, value => changed = value)
                .OnTask(timer)
                .RunAsync();
            if (changed is [long newRetention, long newInterval])
            {
                sleep.Cancel();
                retention = newRetention;
                interval = newInterval;
            }
        }

        throw ctx.ContinueAsNew(retention, interval);
    }
}

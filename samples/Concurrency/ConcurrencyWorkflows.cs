using Workflows;

namespace Concurrency;

public static class ConcurrencyWorkflows
{
    /// <summary>A coroutine produces values through a channel while the workflow body consumes them.</summary>
    [Workflow]
    public static async Task<int> ProducerConsumer(WorkflowContext ctx, int count)
    {
        var squares = ctx.NewChannel<int>();
        var producer = ctx.Go(async c =>
        {
            for (int i = 1; i <= count; i++)
            {
                await squares.SendAsync(await c.Activities.SquareAsync(i));
            }

            squares.Close();
        });

        int sum = 0;
        while (await squares.WaitToReadAsync())
        {
            sum += await squares.ReceiveAsync();
        }

        await producer;
        return sum;
    }

    /// <summary>Three activities at once; the workflow continues when all are done.</summary>
    [Workflow]
    public static async Task<int[]> FanOut(WorkflowContext ctx, string[] words)
        => await ctx.WhenAll([.. words.Select(w => ctx.Activities.MeasureAsync(w))]);

    /// <summary>
    /// Three sibling sub-workflows share one cancellation source: when the first fails, the others are cancelled
    /// instead of running to the end for nothing.
    /// </summary>
    [Workflow]
    public static async Task<string> FirstErrorCancels(WorkflowContext ctx)
    {
        using var cts = new CancellationTokenSource();
        var options = (string id) => new SubWorkflowOptions { InstanceId = $"{ctx.InstanceId}-{id}", CancellationToken = cts.Token };
        var siblings = new List<Task<string>>
        {
            ctx.Workflows.DownloadAsync("slow-1", TimeSpan.FromHours(1), options("slow-1")),
            ctx.Workflows.DownloadAsync("broken", TimeSpan.Zero, options("broken")),
            ctx.Workflows.DownloadAsync("slow-2", TimeSpan.FromHours(1), options("slow-2")),
        };

        var pending = new List<Task<string>>(siblings);
        string? firstError = null;
        while (pending.Count > 0)
        {
            var done = await ctx.WhenAny([.. pending]);
            pending.Remove(done);
            if (done.IsFaulted && firstError is null)
            {
                var error = ((WorkflowFailureException)done.Exception!.InnerException!).Error;
                while (error.Inner is not null)
                {
                    error = error.Inner;   // down to the activity's own exception
                }

                firstError = error.Message;
                cts.Cancel();   // never CancelAsync in a workflow
            }
        }

        var canceled = siblings.Count(t => t.Exception?.InnerException is SubWorkflowFailedException f && f.OriginalType == typeof(WorkflowCanceledException).FullName);
        return $"'{firstError}' made the workflow cancel {canceled} running siblings";
    }

    [Workflow]
    public static async Task<string> Download(WorkflowContext ctx, string file, TimeSpan takes)
    {
        await ctx.DelayAsync(takes);
        return await ctx.Activities.FetchAsync(file);
    }
}

public static class ConcurrencyActivities
{
    [Activity]
    public static int Square(int x) => x * x;

    [Activity]
    public static int Measure(string word) => word.Length;

    [Activity]
    public static string Fetch(string file)
        => file == "broken" ? throw new NonRetryableException($"{file} is not on the server") : $"{file}: 1 KB";
}

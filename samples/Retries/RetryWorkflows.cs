using Workflows;

namespace Retries;

public static class RetryWorkflows
{
    // Waits 0.2 s, then 0.4 s, 0.8 s, ... between attempts, never more than 5 s apart, at most 5 attempts.
    private static readonly RetryPolicy Backoff = new()
    {
        MaxAttempts = 5,
        FirstInterval = TimeSpan.FromMilliseconds(200),
        BackoffCoefficient = 2,
        MaxInterval = TimeSpan.FromSeconds(5),
    };

    [Workflow]
    public static async Task<string> Retrying(WorkflowContext ctx)
    {
        string quote = await ctx.Activities.FetchQuoteAsync(new ActivityOptions { RetryPolicy = Backoff });
        string stored = await ctx.Workflows.StoreAsync(quote, new SubWorkflowOptions { InstanceId = $"{ctx.InstanceId}-store", RetryPolicy = Backoff });
        return $"{quote}; {stored}";
    }

    /// <summary>One attempt of its own: when its activity fails, the whole sub-workflow fails and the parent retries it.</summary>
    [Workflow]
    public static async Task<string> Store(WorkflowContext ctx, string quote)
        => await ctx.Activities.WriteAsync(quote, new ActivityOptions { RetryPolicy = new RetryPolicy { MaxAttempts = 1 } });
}

/// <summary>Fails a set number of times first (counted here, outside the workflow, as a real outage would be).</summary>
public sealed class FlakyActivities
{
    private int _fetches;
    private int _writes;

    [Activity]
    public string FetchQuote()
    {
        int attempt = ActivityContext.Current!.Attempt;
        if (Interlocked.Increment(ref _fetches) <= 2)
        {
            Console.WriteLine($"  FetchQuote attempt {attempt} at {DateTime.UtcNow:HH:mm:ss.fff}: the service is down");
            throw new HttpRequestException("503 Service Unavailable");
        }

        Console.WriteLine($"  FetchQuote attempt {attempt} at {DateTime.UtcNow:HH:mm:ss.fff}: succeeded");
        return "quote 42.00";
    }

    [Activity]
    public string Write(string quote)
    {
        string instance = ActivityContext.Current!.Instance.ExecutionId[..8];
        if (Interlocked.Increment(ref _writes) == 1)
        {
            Console.WriteLine($"  Store sub-workflow (execution {instance}) failed: the disk is full");
            throw new IOException("disk full");
        }

        Console.WriteLine($"  Store sub-workflow (execution {instance}) succeeded on the parent's retry");
        return $"stored '{quote}'";
    }
}

using Workflows;

namespace ActivityRegistration;

public static class WelcomeWorkflows
{
    [Workflow]
    public static async Task<string> Welcome(WorkflowContext ctx, string name)
    {
        string normalized = await ctx.Activities.NormalizeAsync(name);
        int visit = await ctx.Activities.CountVisitAsync();
        string greeting = await ctx.Activities.GreetAsync(normalized);
        return $"{greeting} (visit #{visit})";
    }
}

/// <summary>A static activity: registered by <c>AddGeneratedWorkflows()</c>, nothing to bind.</summary>
public static class TextActivities
{
    [Activity]
    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

/// <summary>Registered once as an instance: every call, from any workflow, lands on the same object.</summary>
public sealed class VisitCounter
{
    private int _visits;

    public int Visits => Volatile.Read(ref _visits);

    // Activities may run in parallel, so shared state is updated thread-safely.
    [Activity]
    public int CountVisit() => Interlocked.Increment(ref _visits);
}

/// <summary>Built by a factory for each call; its dependency comes from the composition root.</summary>
public sealed class Greeter(FixedGreetingClock clock)
{
    private static int _built;

    // Counts the objects the factory builds.
    private readonly int _number = Interlocked.Increment(ref _built);

    public static int Built => Volatile.Read(ref _built);

    [Activity]
    public string Greet(string name)
    {
        Console.WriteLine($"  Greeter #{_number} greeting {name}");
        return $"{clock.Salutation}, {name}";
    }
}

/// <summary>A stand-in for a service a container would inject.</summary>
public sealed class FixedGreetingClock(string salutation)
{
    public string Salutation { get; } = salutation;
}

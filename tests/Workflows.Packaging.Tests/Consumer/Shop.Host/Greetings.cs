using Workflows;

namespace Shop.Host;

public static class Greetings
{
    [Workflow]
    public static async Task<string> Greet(WorkflowContext ctx, string name) => await ctx.Activities.ShoutAsync("hello " + name);

    [Activity]
    public static string Shout(string text) => text.ToUpperInvariant();
}

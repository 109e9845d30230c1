using Workflows;

namespace Queues;

public static class RenderWorkflows
{
    public const string GpuQueue = "gpu";

    [Workflow]
    public static async Task<string> RenderScene(WorkflowContext ctx, string scene)
    {
        string mesh = await ctx.Activities.LoadMeshAsync(scene);                                       // the workflow's queue
        string image = await ctx.Activities.RenderAsync(mesh, new ActivityOptions { Queue = GpuQueue }); // the gpu queue
        return $"{image} (workflow ran on queue '{ctx.Queue}')";
    }
}

/// <summary>The same activities on both workers; the name says which worker ran a call.</summary>
public sealed class RenderActivities(string workerName)
{
    [Activity]
    public string LoadMesh(string scene)
    {
        Console.WriteLine($"  LoadMesh ran on the {workerName} (queue '{ActivityContext.Current!.Queue}')");
        return $"{scene}.mesh";
    }

    [Activity]
    public string Render(string mesh)
    {
        Console.WriteLine($"  Render ran on the {workerName} (queue '{ActivityContext.Current!.Queue}')");
        return $"{mesh}.png";
    }
}

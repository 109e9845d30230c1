using System.Globalization;
using System.Text;
using Workflows.Worker;

namespace Workflows.Backends.Tests.ReplayEquivalence;

/// <summary>
/// One workflow that runs any <see cref="RandomProgram"/>: its input is the program's seed (the workflow regenerates
/// the program), which sub-program to run (-1 for the body), the iteration and what earlier iterations produced.
/// It must return exactly <see cref="RandomProgram.ExpectedResult"/>.
/// </summary>
internal static class ProgramInterpreter
{
    public const string WorkflowName = "Interpreter";

    private static readonly TimeSpan Never = TimeSpan.FromDays(1);

    public static WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddWorkflow(WorkflowName, (WorkflowContext ctx, int seed, int sub, int iteration, string acc) => RunAsync(ctx, seed, sub, iteration, acc))
        .AddActivity("Compute", (int x) => RandomProgram.Compute(x))
        .AddActivity("Flaky", (int x, int failures) =>
        {
            int attempt = ActivityContext.Current!.Attempt;
            return attempt <= failures
                ? throw new InvalidOperationException("Attempt " + attempt.ToString(CultureInfo.InvariantCulture) + " fails on purpose.")
                : RandomProgram.Flaky(x);
        });

    /// <summary>The id of the sub-workflow that runs sub-program <paramref name="sub"/> for <paramref name="parentId"/>.</summary>
    public static string ChildId(string parentId, int sub, int iteration)
        => parentId + "/w" + sub.ToString(CultureInfo.InvariantCulture) + "-" + iteration.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(WorkflowContext ctx, int seed, int sub, int iteration, string acc)
    {
        var program = RandomProgram.Generate(seed);
        string result = await RunStepsAsync(ctx, program, program.StepsOf(sub), iteration, start: iteration);
        if (sub >= 0)
        {
            return result;
        }

        acc = RandomProgram.Accumulate(acc, result);
        if (iteration < program.Iterations)
        {
            throw ctx.ContinueAsNew(seed, sub, iteration + 1, acc);
        }

        return acc;
    }

    private static async Task<string> RunStepsAsync(WorkflowContext ctx, RandomProgram program, IReadOnlyList<Step> steps, int iteration, int start)
    {
        var text = new StringBuilder();
        int last = start;
        foreach (var step in steps)
        {
            var (token, value) = await RunStepAsync(ctx, program, step, iteration, last);
            text.Append(token).Append(' ');
            last = value;
        }

        return text.ToString();
    }

    private static async Task<(string Token, int Value)> RunStepAsync(WorkflowContext ctx, RandomProgram program, Step step, int iteration, int last)
    {
        switch (step.Kind)
        {
            case StepKind.SideEffect:
                int input = step.Value + last;
                return RandomProgram.Token("s", await ctx.SideEffectAsync(() => input));
            case StepKind.Activity:
                return RandomProgram.Token("a", await ctx.ExecuteActivityAsync<int>("Compute", null, step.Value + last));
            case StepKind.RetriedActivity:
                var retried = new ActivityOptions
                {
                    RetryPolicy = new RetryPolicy { MaxAttempts = step.Failures + 1, FirstInterval = TimeSpan.FromMilliseconds(1), BackoffCoefficient = 1 },
                };
                return RandomProgram.Token("r", await ctx.ExecuteActivityAsync<int>("Flaky", retried, step.Value + last, step.Failures));
            case StepKind.Timer:
                await ctx.DelayAsync(TimeSpan.FromMilliseconds(step.Value));
                return ("t", last);
            case StepKind.Signal:
                return RandomProgram.Token("g", await ctx.Signals<int>(RandomProgram.SignalName(step.Name, iteration)).ReceiveAsync());
            case StepKind.SelectSignal:
            {
                using var cancel = new CancellationTokenSource();
                var timer = ctx.DelayAsync(Never, cancel.Token);
                int received = -1;
                int picked = await ctx.Select()
                    .OnTask(timer)
                    .OnReceive(ctx.Signals<int>(RandomProgram.SignalName(step.Name, iteration)), v => received = v)
                    .RunAsync();
                cancel.Cancel();
                return picked == 1 ? RandomProgram.Token("x", received) : ("timer", last);
            }

            case StepKind.SelectActivity:
            {
                using var cancel = new CancellationTokenSource();
                var timer = ctx.DelayAsync(Never, cancel.Token);
                var activity = ctx.ExecuteActivityAsync<int>("Compute", null, step.Value + last);
                int picked = await ctx.Select().OnTask(timer).OnTask(activity).RunAsync();
                cancel.Cancel();
                return picked == 1 ? RandomProgram.Token("y", await activity) : ("timer", last);
            }

            case StepKind.SelectDefault:
            {
                var empty = ctx.NewChannel<int>(1);
                int picked = await ctx.Select().OnReceive(empty).OnDefault().RunAsync();
                return (picked == -1 ? "d" : "received", last);
            }

            case StepKind.SubWorkflow:
                string child = await ctx.ExecuteSubWorkflowAsync<string>(
                    WorkflowName, new SubWorkflowOptions { InstanceId = ChildId(ctx.InstanceId, step.Value, iteration) }, program.Seed, step.Value, 1, "");
                return ("w[" + child + "]", child.Length);
            case StepKind.Parallel:
                var branches = step.Branches!;
                var tasks = new Task<string>[branches.Count];
                for (int i = 0; i < branches.Count; i++)
                {
                    var branch = branches[i];
                    int branchStart = last + i;

                    // A plain call runs inline until its first wait; a coroutine starts when the scheduler gets to it.
                    tasks[i] = branch.AsCoroutine
                        ? ctx.Go(c => RunStepsAsync(c, program, branch.Steps, iteration, branchStart))
                        : RunStepsAsync(ctx, program, branch.Steps, iteration, branchStart);
                }

                string[] parts = await ctx.WhenAll(tasks);
                return ("p(" + string.Join("|", parts) + ")", last + branches.Count);
            default:
                throw new InvalidOperationException("Unknown step " + step.Kind.ToString());
        }
    }
}

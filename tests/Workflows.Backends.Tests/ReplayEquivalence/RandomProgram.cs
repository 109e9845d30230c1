using System.Globalization;
using System.Text;

namespace Workflows.Backends.Tests.ReplayEquivalence;

/// <summary>What one step of a generated workflow program does.</summary>
internal enum StepKind
{
    /// <summary><c>ctx.SideEffectAsync</c> of <c>Value + last</c>.</summary>
    SideEffect,
    /// <summary>Activity <c>Compute(Value + last)</c>.</summary>
    Activity,
    /// <summary>Activity <c>Flaky(Value + last, Failures)</c>: fails its first attempts, retried by a policy.</summary>
    RetriedActivity,
    /// <summary>A durable timer of <c>Value</c> milliseconds.</summary>
    Timer,
    /// <summary>Receives the signal <c>Name</c>.</summary>
    Signal,
    /// <summary>Runs <c>Branches</c> concurrently (each through <c>ctx.Go</c> or a plain async call) and joins them in order.</summary>
    Parallel,
    /// <summary>A select over the signal <c>Name</c> and a one-day timer; the signal always wins.</summary>
    SelectSignal,
    /// <summary>A select over activity <c>Compute(Value + last)</c> and a one-day timer; the activity always wins.</summary>
    SelectActivity,
    /// <summary>A select over an empty channel with a default case; the default always wins.</summary>
    SelectDefault,
    /// <summary>Runs sub-program <c>Value</c> as a sub-workflow.</summary>
    SubWorkflow,
}

/// <summary>One step; <see cref="Branches"/> only for <see cref="StepKind.Parallel"/>.</summary>
internal sealed record Step(StepKind Kind, int Value = 0, string Name = "", int Failures = 0, IReadOnlyList<Branch>? Branches = null);

/// <summary>A branch of a parallel step: its steps, and whether it runs as a coroutine or a plain async call.</summary>
internal sealed record Branch(IReadOnlyList<Step> Steps, bool AsCoroutine);

/// <summary>A signal the program receives, and whether the driver sends it before any worker runs.</summary>
internal sealed record SignalSpec(string Name, bool BeforeWorker);

/// <summary>
/// A workflow program generated from a seed: a body (run once per iteration; iterations after the first are
/// continue-as-new executions), sub-programs run as sub-workflows, and the signals it waits for. The same seed
/// always gives the same program, so the workflow regenerates it from its input instead of carrying it.
/// </summary>
internal sealed class RandomProgram
{
    private const int MaxDepth = 3;

    private RandomProgram(int seed)
    {
        Seed = seed;
        var rng = new ProgramRandom(seed);
        Iterations = rng.Next(4) == 0 ? 2 + rng.Next(2) : 1;
        Body = Block(rng, depth: 0, allowSignals: true);
    }

    public int Seed { get; }

    public int Iterations { get; }

    public IReadOnlyList<Step> Body { get; }

    /// <summary>Sub-programs by index; their steps wait for no signal (nobody knows a child's id in advance).</summary>
    public List<IReadOnlyList<Step>> SubPrograms { get; } = [];

    /// <summary>The signal names of one iteration, in program order.</summary>
    public List<SignalSpec> Signals { get; } = [];

    public static RandomProgram Generate(int seed) => new(seed);

    public static string InstanceId(int seed) => "p" + seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>The channel name of signal <paramref name="name"/> in iteration <paramref name="iteration"/>.</summary>
    public static string SignalName(string name, int iteration) => name + "-" + iteration.ToString(CultureInfo.InvariantCulture);

    /// <summary>The value the driver sends for a signal: fixed by seed and name, so the reference knows it.</summary>
    public static int SignalValue(int seed, string signalName)
    {
        uint hash = 2166136261u ^ (uint)seed;
        foreach (char c in signalName)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 100);
    }

    public static int Compute(int x) => ((x * 31) + 7) % 1009;

    public static int Flaky(int x) => Compute(x) + 1;

    /// <summary>The steps to run for <paramref name="sub"/>: the body for -1, else that sub-program.</summary>
    public IReadOnlyList<Step> StepsOf(int sub) => sub < 0 ? Body : SubPrograms[sub];

    /// <summary>The result the workflow must return, computed without the library.</summary>
    public string ExpectedResult()
    {
        string acc = "";
        for (int iteration = 1; iteration <= Iterations; iteration++)
        {
            acc = Accumulate(acc, Evaluate(Body, iteration, start: iteration));
        }

        return acc;
    }

    /// <summary>What a sub-workflow of sub-program <paramref name="sub"/> returns.</summary>
    public string ExpectedSubResult(int sub) => Evaluate(SubPrograms[sub], iteration: 1, start: 1);

    public static string Accumulate(string acc, string iterationResult) => acc + "#" + iterationResult;

    /// <summary>The reference semantics of a block; the interpreter workflow must produce the same string.</summary>
    public string Evaluate(IReadOnlyList<Step> steps, int iteration, int start)
    {
        var text = new StringBuilder();
        int last = start;
        foreach (var step in steps)
        {
            var (token, value) = EvaluateStep(step, iteration, last);
            text.Append(token).Append(' ');
            last = value;
        }

        return text.ToString();
    }

    private (string Token, int Value) EvaluateStep(Step step, int iteration, int last)
    {
        switch (step.Kind)
        {
            case StepKind.SideEffect:
                return Token("s", step.Value + last);
            case StepKind.Activity:
                return Token("a", Compute(step.Value + last));
            case StepKind.RetriedActivity:
                return Token("r", Flaky(step.Value + last));
            case StepKind.Timer:
                return ("t", last);
            case StepKind.Signal:
                return Token("g", SignalValue(Seed, SignalName(step.Name, iteration)));
            case StepKind.SelectSignal:
                return Token("x", SignalValue(Seed, SignalName(step.Name, iteration)));
            case StepKind.SelectActivity:
                return Token("y", Compute(step.Value + last));
            case StepKind.SelectDefault:
                return ("d", last);
            case StepKind.SubWorkflow:
                string child = ExpectedSubResult(step.Value);
                return ("w[" + child + "]", child.Length);
            case StepKind.Parallel:
                var parts = new List<string>();
                for (int i = 0; i < step.Branches!.Count; i++)
                {
                    parts.Add(Evaluate(step.Branches[i].Steps, iteration, last + i));
                }

                return ("p(" + string.Join("|", parts) + ")", last + step.Branches.Count);
            default:
                throw new InvalidOperationException(step.Kind.ToString());
        }
    }

    public static (string Token, int Value) Token(string prefix, int value) => (prefix + value.ToString(CultureInfo.InvariantCulture), value);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("seed ").Append(Seed).Append(", iterations ").Append(Iterations).Append(": ");
        Describe(text, Body);
        for (int i = 0; i < SubPrograms.Count; i++)
        {
            text.Append("; sub ").Append(i).Append(": ");
            Describe(text, SubPrograms[i]);
        }

        text.Append("; signals ").Append(string.Join(",", Signals.Select(s => s.Name + (s.BeforeWorker ? "(before)" : ""))));
        return text.ToString();
    }

    private static void Describe(StringBuilder text, IReadOnlyList<Step> steps)
    {
        text.Append('[');
        foreach (var step in steps)
        {
            text.Append(step.Kind);
            if (step.Kind == StepKind.Parallel)
            {
                foreach (var branch in step.Branches!)
                {
                    text.Append(branch.AsCoroutine ? " go" : " call");
                    Describe(text, branch.Steps);
                }
            }
            else
            {
                text.Append('(').Append(step.Name).Append(step.Value).Append(')');
            }

            text.Append(' ');
        }

        text.Append(']');
    }

    private List<Step> Block(ProgramRandom rng, int depth, bool allowSignals)
    {
        int length = 1 + rng.Next(depth == 0 ? 5 : 3);
        var steps = new List<Step>(length);
        for (int i = 0; i < length; i++)
        {
            steps.Add(NextStep(rng, depth, allowSignals));
        }

        return steps;
    }

    private Step NextStep(ProgramRandom rng, int depth, bool allowSignals)
    {
        while (true)
        {
            switch (rng.Next(20))
            {
                case < 4:
                    return new Step(StepKind.SideEffect, Value: rng.Next(1, 10));
                case < 8:
                    // Few distinct inputs, so concurrent branches often call the same activity.
                    return new Step(StepKind.Activity, Value: rng.Next(3));
                case 8:
                    return new Step(StepKind.RetriedActivity, Value: rng.Next(3), Failures: 1 + rng.Next(2));
                case < 11:
                    return new Step(StepKind.Timer, Value: rng.Next(3));
                case < 13 when allowSignals:
                    return new Step(StepKind.Signal, Name: NewSignal(rng));
                case < 16 when depth < MaxDepth:
                    int count = 2 + rng.Next(2);
                    var branches = new List<Branch>(count);
                    for (int i = 0; i < count; i++)
                    {
                        branches.Add(new Branch(Block(rng, depth + 1, allowSignals), AsCoroutine: rng.Next(3) != 0));
                    }

                    return new Step(StepKind.Parallel, Branches: branches);
                case 16 when allowSignals:
                    return new Step(StepKind.SelectSignal, Name: NewSignal(rng));
                case 17:
                    return new Step(StepKind.SelectActivity, Value: rng.Next(3));
                case 18:
                    return new Step(StepKind.SelectDefault);
                case 19 when depth < 2:
                    int index = SubPrograms.Count;
                    SubPrograms.Add([]);
                    SubPrograms[index] = Block(rng, depth + 1, allowSignals: false);
                    return new Step(StepKind.SubWorkflow, Value: index);
            }
        }
    }

    private string NewSignal(ProgramRandom rng)
    {
        string name = "s" + Signals.Count.ToString(CultureInfo.InvariantCulture);
        Signals.Add(new SignalSpec(name, BeforeWorker: rng.Next(2) == 0));
        return name;
    }
}

using System.Globalization;
using System.Text;
using Workflows.Backends.Tests.Oracle;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Workflows.History;
using Workflows.Sqlite;
using Workflows.Testing;
using Workflows.Worker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.ReplayEquivalence;

/// <summary>
/// Randomized replay equivalence: seeded workflow programs (sequences, concurrent branches, side effects,
/// activities with retries, timers, signals sent before and after a worker runs, selects, sub-workflows and
/// continue-as-new) run through one interpreter workflow on a real backend, with the executor cache on and off and
/// with the worker restarted twice mid-run. Each program must return the result its reference semantics give
/// without the library, every execution's history must satisfy the history invariants, and every history must
/// replay against the same code without non-determinism.
/// </summary>
/// <remarks>
/// CI runs a fixed-seed tier. <c>WORKFLOWS_REPLAY_PROGRAMS</c> sets the programs per run (the long tier uses
/// thousands) and <c>WORKFLOWS_REPLAY_SEED</c> the first seed; a failure names every failing seed, and one seed
/// reruns alone with <c>WORKFLOWS_REPLAY_SEED=&lt;seed&gt; WORKFLOWS_REPLAY_PROGRAMS=1</c>.
/// </remarks>
public sealed class RandomProgramTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultPrograms = 150;
    private const int MaxReportedFailures = 10;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("memory", true)]
    [InlineData("memory", false)]
    [InlineData("sqlite", true)]
    [InlineData("sqlite", false)]
    public async Task RandomPrograms_WithRestarts_ReturnReferenceResultsAndReplay(string backendKind, bool cache)
    {
        int count = Setting("WORKFLOWS_REPLAY_PROGRAMS", DefaultPrograms);
        int firstSeed = Setting("WORKFLOWS_REPLAY_SEED", 1);
        var seeds = Enumerable.Range(firstSeed, count).ToList();
        output.WriteLine($"{backendKind}, cache {(cache ? "on" : "off")}: seeds {firstSeed}..{firstSeed + count - 1}");

        await using IBackend backend = backendKind == "sqlite" ? SqliteBackend.Open(_dir.File("replay.db")) : new InMemoryBackend();
        var client = new WorkflowClient(backend);
        var registry = ProgramInterpreter.Registry();
        var programs = seeds.ToDictionary(s => s, RandomProgram.Generate);
        var firstExecutions = new Dictionary<int, string>();
        output.WriteLine(Coverage(programs.Values));

        // Signals marked "before" wait in the instance before any worker runs, so the first workflow task applies
        // them beside the start; later iterations' signals move to the next execution on continue-as-new.
        foreach (var program in programs.Values)
        {
            var handle = await client.StartWorkflowAsync<string>(ProgramInterpreter.WorkflowName, new WorkflowOptions { InstanceId = RandomProgram.InstanceId(program.Seed) }, program.Seed, -1, 1, "");
            firstExecutions[program.Seed] = handle.Instance.ExecutionId;
            await SendSignalsAsync(client, program, beforeWorker: true);
        }

        var worker = new WorkflowWorker(backend, registry, WorkerOptions(cache));
        await worker.StartAsync();
        try
        {
            foreach (var program in programs.Values)
            {
                await SendSignalsAsync(client, program, beforeWorker: false);
            }

            var failures = new List<string>();
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60 + (count / 2));
            int waited = 0;
            foreach (var program in programs.Values)
            {
                string? failure = await CheckResultAsync(client, program, deadline);
                if (failure is not null)
                {
                    failures.Add(failure);
                }

                // Restart the worker twice while the rest still run: the new one rebuilds every executor by replay.
                waited++;
                if (waited == count / 3 || waited == 2 * count / 3)
                {
                    await worker.DisposeAsync();
                    worker = new WorkflowWorker(backend, registry, WorkerOptions(cache));
                    await worker.StartAsync();
                }
            }

            foreach (var program in programs.Values)
            {
                failures.AddRange(await CheckHistoriesAsync(client, registry, program, firstExecutions[program.Seed]));
            }

            var failedSeeds = failures.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).Distinct().ToList();
            Assert.True(failures.Count == 0, $"{failedSeeds.Count} of {count} programs failed ({string.Join(", ", failedSeeds)}):\n" + string.Join("\n\n", failures.Take(MaxReportedFailures)));
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    // What the seeds exercise, so a change to the generator that stops covering something shows in the output.
    private static string Coverage(IEnumerable<RandomProgram> programs)
    {
        var kinds = new Dictionary<StepKind, int>();
        int continued = 0, signalsBefore = 0;
        foreach (var program in programs)
        {
            continued += program.Iterations > 1 ? 1 : 0;
            signalsBefore += program.Signals.Count(s => s.BeforeWorker);
            foreach (var step in program.SubPrograms.Prepend(program.Body).SelectMany(Flatten))
            {
                kinds[step.Kind] = kinds.GetValueOrDefault(step.Kind) + 1;
            }
        }

        return "steps: " + string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))
            + $"; programs with continue-as-new: {continued}; signals sent before the worker: {signalsBefore}";

        static IEnumerable<Step> Flatten(IReadOnlyList<Step> steps)
            => steps.SelectMany(s => s.Branches is null ? [s] : s.Branches.SelectMany(b => Flatten(b.Steps)).Prepend(s));
    }

    private static WorkflowWorkerOptions WorkerOptions(bool cache) => new()
    {
        EnableExecutorCache = cache,
        EagerDispatch = cache,
        PollInterval = TimeSpan.FromMilliseconds(20),
        WorkflowTaskRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    private static async Task SendSignalsAsync(WorkflowClient client, RandomProgram program, bool beforeWorker)
    {
        for (int iteration = 1; iteration <= program.Iterations; iteration++)
        {
            foreach (var signal in program.Signals.Where(s => s.BeforeWorker == beforeWorker))
            {
                string name = RandomProgram.SignalName(signal.Name, iteration);
                await client.SignalWorkflowAsync(RandomProgram.InstanceId(program.Seed), name, RandomProgram.SignalValue(program.Seed, name));
            }
        }
    }

    private static async Task<string?> CheckResultAsync(WorkflowClient client, RandomProgram program, DateTimeOffset deadline)
    {
        string id = RandomProgram.InstanceId(program.Seed);
        string expected = program.ExpectedResult();
        try
        {
            var left = deadline - DateTimeOffset.UtcNow;
            string actual = await client.GetResultAsync<string>(id, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            return actual == expected ? null : $"{program.Seed}: wrong result\n  program  {program}\n  expected {expected}\n  actual   {actual}";
        }
        catch (Exception ex)
        {
            var state = await client.GetStateAsync(id);
            return $"{program.Seed}: {ex.GetType().Name}: {ex.Message}\n  program {program}\n  status {state.Status}, last task error: {state.LastTaskError?.Message ?? "none"}";
        }
    }

    private static async Task<List<string>> CheckHistoriesAsync(WorkflowClient client, WorkflowRegistry registry, RandomProgram program, string firstExecution)
    {
        var failures = new List<string>();
        string id = RandomProgram.InstanceId(program.Seed);

        // Every execution of the continue-as-new chain, then every sub-workflow the reference says ran.
        string? executionId = firstExecution;
        while (executionId is not null)
        {
            var history = await client.GetHistoryAsync(id, executionId);
            failures.AddRange(CheckExecution(registry, program, id, executionId, history));
            executionId = history.Count > 0 && history[^1].Attributes is ContinuedAsNewAttributes next ? next.NewExecutionId : null;
        }

        for (int iteration = 1; iteration <= program.Iterations; iteration++)
        {
            foreach (var (childId, _) in Children(program, program.Body, id, iteration))
            {
                var history = await client.GetHistoryAsync(childId);
                var started = history.Count > 0 ? history.FirstOrDefault(e => e.Type == EventType.WorkflowExecutionStarted) : null;
                if (started is null)
                {
                    failures.Add($"{program.Seed}: sub-workflow {childId} has no history\n  program {program}");
                    continue;
                }

                var state = await client.GetStateAsync(childId);
                failures.AddRange(CheckExecution(registry, program, childId, state.Instance.ExecutionId, history));
            }
        }

        return failures;
    }

    // The sub-workflows a body starts in one iteration, with those their own sub-programs start, as the interpreter names them.
    private static IEnumerable<(string Id, int Sub)> Children(RandomProgram program, IReadOnlyList<Step> steps, string parentId, int iteration)
    {
        foreach (var step in steps)
        {
            if (step.Kind == StepKind.SubWorkflow)
            {
                string childId = ProgramInterpreter.ChildId(parentId, step.Value, iteration);
                yield return (childId, step.Value);
                foreach (var grandchild in Children(program, program.SubPrograms[step.Value], childId, 1))
                {
                    yield return grandchild;
                }
            }
            else if (step.Kind == StepKind.Parallel)
            {
                foreach (var branch in step.Branches!)
                {
                    foreach (var child in Children(program, branch.Steps, parentId, iteration))
                    {
                        yield return child;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> CheckExecution(WorkflowRegistry registry, RandomProgram program, string instanceId, string executionId, IReadOnlyList<HistoryEvent> history)
    {
        foreach (var violation in HistoryInvariants.Check(history))
        {
            yield return $"{program.Seed}: {instanceId} ({executionId}) {violation}\n  program {program}\n{Dump(history)}";
        }

        var replay = new WorkflowReplayer(registry, new WorkflowReplayerOptions { InstanceId = instanceId, ExecutionId = executionId }).Replay(history, instanceId);
        if (!replay.IsSuccess)
        {
            yield return $"{program.Seed}: {instanceId} ({executionId}) does not replay: {replay.Message}\n  program {program}\n{Dump(history)}";
        }
    }

    private static string Dump(IReadOnlyList<HistoryEvent> history)
    {
        var text = new StringBuilder();
        foreach (var e in history)
        {
            text.Append("    ").Append(e).Append('\n');
        }

        return text.ToString();
    }

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;
}

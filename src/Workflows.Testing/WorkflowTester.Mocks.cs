using Workflows.Worker;

namespace Workflows.Testing;

public sealed partial class WorkflowTester
{
    // The worker's registry: the user's workflows and activities, each name wrapped so a matching mock answers
    // first and the registered code runs otherwise. Mocked results are encoded as their runtime type unless the
    // real registration names a result type.
    private WorkflowRegistry BuildWorkerRegistry()
    {
        var registry = new WorkflowRegistry();
        var mockedWorkflows = _mocks.Where(m => m.Kind == MockKind.SubWorkflow).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var workflow in _registry.Workflows)
        {
            if (!mockedWorkflows.Contains(workflow.Name))
            {
                registry.AddWorkflow(workflow);
            }
        }

        foreach (string name in mockedWorkflows)
        {
            _registry.TryGetWorkflow(name, out var real);
            var mocks = MocksOf(MockKind.SubWorkflow, name);
            registry.AddWorkflow(new WorkflowDefinition(
                name,
                (ctx, args) => FindMock(mocks, args) is { } mock
                    ? mock.InvokeAsync(args, ctx.CancellationToken)
                    : real is not null ? real.Invoker(ctx, args) : throw Unmatched("Sub-workflow", name, args, mocks),
                real?.ResultType ?? typeof(object)));
        }

        var activityNames = _registry.Activities.Select(a => a.Name)
            .Concat(_mocks.Where(m => m.Kind == MockKind.Activity).Select(m => m.Name))
            .Distinct(StringComparer.Ordinal);
        foreach (string name in activityNames)
        {
            _registry.TryGetActivity(name, out var real);
            var mocks = MocksOf(MockKind.Activity, name);
            registry.AddActivity(new ActivityDefinition(
                name,
                (args, ct) => FindMock(mocks, args) is { } mock
                    ? mock.InvokeAsync(args, ct)
                    : real is not null ? real.Invoker(args, ct) : throw Unmatched("Activity", name, args, mocks),
                real is null ? typeof(object) : real.ResultType));
        }

        return registry;
    }

    private List<WorkflowMock> MocksOf(MockKind kind, string name)
        => _mocks.Where(m => m.Kind == kind && string.Equals(m.Name, name, StringComparison.Ordinal)).ToList();

    private static WorkflowMock? FindMock(List<WorkflowMock> mocks, PayloadArguments arguments)
    {
        foreach (var mock in mocks)
        {
            if (mock.TryClaim(arguments))
            {
                return mock;
            }
        }

        return null;
    }

    // The call fails inside the workflow as well, but the test fails for it regardless of how the workflow copes.
    private WorkflowTestException Unmatched(string kind, string name, PayloadArguments arguments, List<WorkflowMock> mocks)
    {
        var failure = new WorkflowTestException(
            $"{kind} '{name}' was called with ({FormatArguments(arguments)}) but no mock matches those arguments and no {kind.ToLowerInvariant()} of that name is registered. "
            + $"Mocks of '{name}': {string.Join("; ", mocks)}.");
        _failures.Enqueue(failure);
        return failure;
    }

    private static string FormatArguments(PayloadArguments arguments)
    {
        var values = new List<string>(arguments.Count);
        for (int i = 0; i < arguments.Count; i++)
        {
            object? value;
            try
            {
                value = arguments.Get<object?>(i);
            }
            catch (ArgumentMismatchException)
            {
                value = "?";
            }

            values.Add(value is System.Text.Json.JsonElement json ? json.GetRawText() : value?.ToString() ?? "null");
        }

        return string.Join(", ", values);
    }

    private static string FormatInputs(IReadOnlyList<string?> inputs) => string.Join(", ", inputs.Select(i => i ?? "null"));
}

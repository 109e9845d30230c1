namespace Workflows.Worker;

/// <summary>Runs the run method of a workflow class on the execution's object.</summary>
/// <param name="workflow">The object the runtime created for this execution.</param>
/// <param name="context">The workflow context.</param>
/// <param name="arguments">The encoded arguments.</param>
/// <returns>The workflow's result (null for workflows without one).</returns>
public delegate Task<object?> WorkflowClassInvoker(object workflow, WorkflowContext context, PayloadArguments arguments);

public sealed partial record WorkflowDefinition
{
    private static readonly Dictionary<string, WorkflowSignalDefinition> s_noSignals = [];
    private static readonly Dictionary<string, WorkflowQueryDefinition> s_noQueries = [];

    /// <summary>
    /// Creates the definition of a workflow class: the runtime creates one object per execution (and per replay)
    /// with <paramref name="create"/>, runs <paramref name="run"/> on it, calls its signal handlers when signals are
    /// applied, and answers queries from it.
    /// </summary>
    /// <param name="name">The registered name.</param>
    /// <param name="create">Creates the object of one execution.</param>
    /// <param name="run">Runs the run method on it.</param>
    /// <param name="resultType">The type the result is encoded as; null when it has none.</param>
    /// <param name="signals">The signal handlers.</param>
    /// <param name="queries">The queries.</param>
    /// <exception cref="ArgumentException">Two signals or two queries share a name.</exception>
    public WorkflowDefinition(string name, Func<object> create, WorkflowClassInvoker run, Type? resultType, IEnumerable<WorkflowSignalDefinition> signals, IEnumerable<WorkflowQueryDefinition> queries)
        : this(name, Bind(create, run), resultType)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(queries);
        Create = create;
        Run = run;
        var signalTable = new Dictionary<string, WorkflowSignalDefinition>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            if (!signalTable.TryAdd(signal.Name, signal))
            {
                throw new ArgumentException($"Workflow '{name}' declares signal '{signal.Name}' twice.", nameof(signals));
            }
        }

        var queryTable = new Dictionary<string, WorkflowQueryDefinition>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            if (!queryTable.TryAdd(query.Name, query))
            {
                throw new ArgumentException($"Workflow '{name}' declares query '{query.Name}' twice.", nameof(queries));
            }
        }

        Signals = signalTable;
        Queries = queryTable;
    }

    /// <summary>For a workflow class, creates the object of one execution; null for the method form.</summary>
    public Func<object>? Create { get; }

    /// <summary>For a workflow class, runs its run method on the execution's object; null for the method form.</summary>
    public WorkflowClassInvoker? Run { get; }

    /// <summary>The signal handlers of a workflow class, by signal name (empty for the method form).</summary>
    public IReadOnlyDictionary<string, WorkflowSignalDefinition> Signals { get; } = s_noSignals;

    /// <summary>The queries of a workflow class, by query name (empty for the method form).</summary>
    public IReadOnlyDictionary<string, WorkflowQueryDefinition> Queries { get; } = s_noQueries;

    private static WorkflowInvoker Bind(Func<object> create, WorkflowClassInvoker run)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(run);
        return (context, arguments) => run(create(), context, arguments);
    }
}

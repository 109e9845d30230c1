namespace Workflows.Analyzers;

/// <summary>
/// Diagnostic ids reported by the Workflows analyzers.
/// </summary>
/// <remarks>
/// Ranges: WF1xxx determinism of workflow code, WF2xxx workflow definitions and serialization,
/// WF3xxx usage of the client and worker APIs.
/// </remarks>
public static class DiagnosticIds
{
    /// <summary>Wall-clock time read in workflow code.</summary>
    public const string NonDeterministicTime = "WF1001";

    /// <summary>Random numbers or new GUIDs created in workflow code.</summary>
    public const string NonDeterministicRandom = "WF1002";

    /// <summary>A non-durable wait (Task.Delay, Thread.Sleep, timers, timed cancellation) in workflow code.</summary>
    public const string NonDurableWait = "WF1003";

    /// <summary>Work scheduled outside the workflow scheduler (Task.Run, threads, Parallel, PLINQ, ContinueWith).</summary>
    public const string ThreadPoolScheduling = "WF1004";

    /// <summary>ConfigureAwait(false) in workflow code.</summary>
    public const string ConfigureAwaitFalse = "WF1005";

    /// <summary>Blocking on a task (.Result, .Wait(), GetAwaiter().GetResult()) in workflow code.</summary>
    public const string BlockingWait = "WF1006";

    /// <summary>An async void method or lambda in workflow code.</summary>
    public const string AsyncVoid = "WF1007";

    /// <summary>Awaiting a task that the workflow runtime did not create.</summary>
    public const string ForeignAwait = "WF1008";

    /// <summary>Locks, thread synchronization primitives and System.Threading.Channels in workflow code.</summary>
    public const string ThreadSynchronization = "WF1009";

    /// <summary>Environment variables and machine or process facts read in workflow code.</summary>
    public const string EnvironmentAccess = "WF1010";

    /// <summary>File, network, database, process or console I/O (or a user-banned API) in workflow code.</summary>
    public const string InputOutput = "WF1011";

    /// <summary>Iterating a Dictionary or HashSet, whose order is an implementation detail.</summary>
    public const string UnorderedIteration = "WF1012";

    /// <summary>Iterating a hash-ordered or concurrent collection, whose order can differ between runs.</summary>
    public const string HashOrderedIteration = "WF1013";

    /// <summary>Reading or writing mutable static state in workflow code.</summary>
    public const string MutableStaticState = "WF1014";

    /// <summary>Logging that repeats on every replay (Console, Trace, an ILogger not taken from the context).</summary>
    public const string NonReplaySafeLogging = "WF1015";

    /// <summary>An endless loop that issues workflow calls and never continues as new.</summary>
    public const string UnboundedHistoryLoop = "WF1016";

    /// <summary>Parsing, formatting, case mapping or comparing text with the worker's current culture in workflow code.</summary>
    public const string CultureSensitiveText = "WF1017";

    /// <summary>The worker's local time zone (ToLocalTime, TimeZoneInfo.Local, local conversions) in workflow code.</summary>
    public const string LocalTimeZone = "WF1018";

    /// <summary>Hash codes that are randomized per process (string.GetHashCode, HashCode, object identity hashes) in workflow code.</summary>
    public const string ProcessHashCode = "WF1019";

    /// <summary>A workflow whose first parameter is not WorkflowContext.</summary>
    public const string WorkflowWithoutContext = "WF2001";

    /// <summary>A workflow or activity return type the runtime cannot await or record.</summary>
    public const string InvalidDefinitionReturnType = "WF2002";

    /// <summary>A generic workflow or activity method, or one declared in a generic type.</summary>
    public const string GenericDefinition = "WF2003";

    /// <summary>A workflow or activity parameter that cannot be a payload (ref/out/in, pointer, delegate, Stream, ref struct, misplaced token).</summary>
    public const string UnsupportedDefinitionParameter = "WF2004";

    /// <summary>Two workflows, or two activities, registered under one name in the same assembly.</summary>
    public const string DuplicateDefinitionName = "WF2005";

    /// <summary>A workflow or activity name that is empty or not a valid identifier for a typed stub.</summary>
    public const string InvalidDefinitionName = "WF2006";

    /// <summary>A workflow or activity that generated code cannot reach (private or protected, or with such types in its signature).</summary>
    public const string InaccessibleDefinition = "WF2007";

    /// <summary>An instance workflow whose type has no accessible parameterless constructor.</summary>
    public const string WorkflowWithoutConstructor = "WF2008";

    /// <summary>A [Workflow] class that cannot be created per execution (static, abstract, generic, unreachable, no parameterless constructor).</summary>
    public const string InvalidWorkflowClass = "WF2009";

    /// <summary>A [Workflow] class without exactly one [WorkflowRun] method.</summary>
    public const string WorkflowRunCount = "WF2010";

    /// <summary>A [WorkflowRun] method that does not take WorkflowContext first, is static, or breaks the workflow signature rules.</summary>
    public const string InvalidWorkflowRun = "WF2011";

    /// <summary>A [WorkflowSignal] method that does not take exactly one value and return void or Task.</summary>
    public const string InvalidSignalHandler = "WF2012";

    /// <summary>A [WorkflowQuery] member that is not a property or method returning a serializable value without awaiting.</summary>
    public const string InvalidQuery = "WF2013";

    /// <summary>A [WorkflowQuery] member that assigns workflow state or calls WorkflowContext.</summary>
    public const string QuerySideEffect = "WF2014";

    /// <summary>One patch id passed to IsPatched or DeprecatePatch twice in one workflow method.</summary>
    public const string DuplicatePatchId = "WF3001";

    /// <summary>Suppression id: CA2007 (ConfigureAwait) inside workflow code.</summary>
    public const string SuppressConfigureAwait = "WFS1001";

    /// <summary>Suppression id: CA5394 (insecure randomness) inside workflow code.</summary>
    public const string SuppressInsecureRandomness = "WFS1002";

    /// <summary>Suppression id: VSTHRD111 (use ConfigureAwait(bool)) inside workflow code.</summary>
    public const string SuppressVsThreadingConfigureAwait = "WFS1003";

    /// <summary>Suppression id: VSTHRD003 (avoid awaiting foreign tasks) inside workflow code.</summary>
    public const string SuppressVsThreadingForeignTask = "WFS1004";
}

using Microsoft.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>
/// The diagnostic descriptors of the determinism rules. Every message takes three arguments:
/// {0} the offending API, {1} the replacement (code in single quotes, or a phrase that quotes its code),
/// {2} the call chain from the workflow to the API.
/// </summary>
internal static class Descriptors
{
    public const string Category = "Workflows.Determinism";

    public const string HelpLinkBase = Workflows.CodeAnalysis.ProjectHome.RulesBase;

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));

    public static readonly DiagnosticDescriptor NonDeterministicTime = Create(
        DiagnosticIds.NonDeterministicTime,
        "Do not read the system clock in workflow code",
        "'{0}' reads the system clock, which differs on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Workflow code is replayed from history; the clock must come from the workflow context so that every replay sees the time recorded the first time.");

    public static readonly DiagnosticDescriptor NonDeterministicRandom = Create(
        DiagnosticIds.NonDeterministicRandom,
        "Do not create random numbers or GUIDs from the system in workflow code",
        "'{0}' produces a different value on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Random values and new GUIDs must come from the workflow context, which seeds them from history so replays see the same values.");

    public static readonly DiagnosticDescriptor NonDurableWait = Create(
        DiagnosticIds.NonDurableWait,
        "Use durable timers instead of in-process waits in workflow code",
        "'{0}' waits in process memory and is lost when the worker stops; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "In-process timers, sleeps and timed cancellation do not survive a worker restart and do not replay; durable timers are recorded in history.");

    public static readonly DiagnosticDescriptor ThreadPoolScheduling = Create(
        DiagnosticIds.ThreadPoolScheduling,
        "Do not schedule work outside the workflow scheduler",
        "'{0}' runs code on the thread pool, outside the deterministic workflow scheduler; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Workflow code runs on a single-threaded deterministic scheduler; work started on other threads interleaves differently on every run.");

    public static readonly DiagnosticDescriptor ConfigureAwaitFalse = Create(
        DiagnosticIds.ConfigureAwaitFalse,
        "Do not use ConfigureAwait(false) in workflow code",
        "'{0}' moves the continuation off the workflow scheduler and the runtime fails the workflow task; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Continuations of workflow code must run on the workflow scheduler; ConfigureAwait(false) lets them run on the thread pool.");

    public static readonly DiagnosticDescriptor BlockingWait = Create(
        DiagnosticIds.BlockingWait,
        "Do not block on tasks in workflow code",
        "'{0}' blocks the workflow scheduler thread and deadlocks the workflow; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "The workflow scheduler runs on one thread; blocking it waits for work that can only run on that same thread.");

    public static readonly DiagnosticDescriptor AsyncVoid = Create(
        DiagnosticIds.AsyncVoid,
        "Do not use async void in workflow code",
        "'{0}' is async void, so the workflow cannot await it or observe its failure; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "An async void method runs detached from the workflow; its exceptions crash the worker and its completion is not recorded.");

    public static readonly DiagnosticDescriptor ForeignAwait = Create(
        DiagnosticIds.ForeignAwait,
        "Only await tasks created by the workflow runtime",
        "Awaiting '{0}' waits for a task the workflow runtime did not create, so it is not recorded and does not replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Only tasks produced by the workflow context (activities, timers, sub-workflows, channels) are recorded in history; other asynchronous work belongs in an activity.");

    public static readonly DiagnosticDescriptor ThreadSynchronization = Create(
        DiagnosticIds.ThreadSynchronization,
        "Do not use thread synchronization primitives in workflow code",
        "'{0}' synchronizes threads, but workflow code runs on one deterministic scheduler where it can deadlock; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Workflow coroutines are cooperatively scheduled on one thread; thread locks can deadlock it and channels from System.Threading.Channels complete on other threads.");

    public static readonly DiagnosticDescriptor EnvironmentAccess = Create(
        DiagnosticIds.EnvironmentAccess,
        "Do not read the environment or machine facts in workflow code",
        "'{0}' depends on the machine running the worker and can differ on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Environment variables and machine or process facts can differ between the worker that ran the workflow first and the one that replays it.");

    public static readonly DiagnosticDescriptor InputOutput = Create(
        DiagnosticIds.InputOutput,
        "Do not perform I/O in workflow code",
        "'{0}' performs I/O whose result is not recorded and can differ on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Files, network, databases, processes and the console are side effects; they belong in activities, whose results are recorded in history.");

    public static readonly DiagnosticDescriptor UnorderedIteration = Create(
        DiagnosticIds.UnorderedIteration,
        "Iterate dictionaries and hash sets in an explicit order in workflow code",
        "Iterating '{0}' relies on an unspecified order; use {1} instead (reached from {2})",
        DiagnosticSeverity.Info,
        "The enumeration order of Dictionary and HashSet is an implementation detail; order explicitly when the order affects workflow decisions.");

    public static readonly DiagnosticDescriptor HashOrderedIteration = Create(
        DiagnosticIds.HashOrderedIteration,
        "Do not iterate hash-ordered or concurrent collections in workflow code",
        "Iterating '{0}' yields an order that depends on hash codes or thread timing and can differ on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Hashtable, concurrent and immutable hash collections enumerate in bucket or timing order, which can change between processes.");

    public static readonly DiagnosticDescriptor MutableStaticState = Create(
        DiagnosticIds.MutableStaticState,
        "Do not use mutable static state in workflow code",
        "'{0}' is mutable static state shared by all workflow runs in the worker and not restored on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Static state outlives a workflow run, is shared between concurrently running workflows and is not part of history.");

    public static readonly DiagnosticDescriptor NonReplaySafeLogging = Create(
        DiagnosticIds.NonReplaySafeLogging,
        "Log through the workflow context logger",
        "'{0}' writes again on every replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "The context logger drops messages while the workflow is replaying; other loggers and the console repeat every message on each replay.");

    public static readonly DiagnosticDescriptor UnboundedHistoryLoop = Create(
        DiagnosticIds.UnboundedHistoryLoop,
        "Continue as new from endless workflow loops",
        "'{0}' issues workflow calls forever and never continues as new, so its history grows without bound; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Every workflow call adds events to history; an endless loop must periodically continue as new to start a fresh history.");

    public static readonly DiagnosticDescriptor CultureSensitiveText = Create(
        DiagnosticIds.CultureSensitiveText,
        "Do not parse, format or compare text with the current culture in workflow code",
        "'{0}' uses the worker's current culture, which can differ between the worker that ran the workflow and the one that replays it; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "Number and date formats, case mapping and linguistic comparison depend on the culture of the worker process; workflow code must give an explicit culture or comparison so every worker computes the same result.");

    public static readonly DiagnosticDescriptor LocalTimeZone = Create(
        DiagnosticIds.LocalTimeZone,
        "Do not use the worker's local time zone in workflow code",
        "'{0}' depends on the time zone of the worker machine, which can differ on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "The local time zone is a setting of the machine that runs the worker; workflow code must convert with an explicit zone taken from workflow input.");

    public static readonly DiagnosticDescriptor ProcessHashCode = Create(
        DiagnosticIds.ProcessHashCode,
        "Do not let per-process hash codes into workflow logic",
        "'{0}' returns a hash code that is randomized per process, so it differs on replay; use {1} instead (reached from {2})",
        DiagnosticSeverity.Warning,
        "String hash codes, HashCode and identity hash codes are seeded per process; a value derived from them changes when the workflow replays on another process.");
}

using Microsoft.Extensions.Logging.Abstractions;
using Workflows.History;
using Workflows.Runtime;
using Workflows.Worker;

namespace Workflows.Testing;

/// <summary>
/// Replays recorded histories (JSON as written by <see cref="Client.WorkflowClient.ExportHistoryAsync"/>) against
/// the current workflow code and reports, per history, whether the code still produces exactly what was recorded.
/// Run it in CI over histories of real executions before deploying a changed workflow: a non-determinism found here
/// would otherwise block those executions in production. Activities are not run; their recorded results are used.
/// </summary>
/// <example>
/// <code>
/// var replayer = new WorkflowReplayer(new WorkflowRegistry().AddWorkflow("ProcessOrder", OrderWorkflows.ProcessOrder));
/// var results = await replayer.ReplayDirectoryAsync("Histories");
/// WorkflowReplayer.EnsureSuccess(results); // throws ReplayFailedException listing every failure
/// </code>
/// </example>
public sealed class WorkflowReplayer
{
    private readonly WorkflowRegistry _registry;

    /// <summary>Creates a replayer for the workflows of <paramref name="registry"/>.</summary>
    public WorkflowReplayer(WorkflowRegistry registry, WorkflowReplayerOptions? options = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Options = options ?? new WorkflowReplayerOptions();
    }

    /// <summary>The options.</summary>
    public WorkflowReplayerOptions Options { get; }

    /// <summary>Replays one history.</summary>
    /// <param name="history">The events, in sequence order from 1.</param>
    /// <param name="name">A name for the report.</param>
    public ReplayResult Replay(IReadOnlyList<HistoryEvent> history, string name = "history")
    {
        ArgumentNullException.ThrowIfNull(history);
        return Replay(history, name, new WorkflowInstance(Options.InstanceId ?? InferInstanceId(history) ?? "replay", Options.ExecutionId));
    }

    private ReplayResult Replay(IReadOnlyList<HistoryEvent> history, string name, WorkflowInstance instance)
    {
        string? workflowName = history.Select(e => e.Attributes).OfType<ExecutionStartedAttributes>().FirstOrDefault()?.Name;
        var executor = new WorkflowExecutor(instance, _registry, Options.PayloadConverter, NullLogger.Instance, TimeProvider.System) { Interceptors = Options.Interceptors };
        try
        {
            executor.ReplayOnly(history);
            return new ReplayResult(name, workflowName, null);
        }
        catch (NonDeterminismException ex)
        {
            return new ReplayResult(name, workflowName, ex, ex.SequenceId, ex.Recorded, ex.Produced);
        }
        catch (Exception ex)
        {
            return new ReplayResult(name, workflowName, ex);
        }
    }

    /// <summary>Replays one history given as exported JSON; a history that does not parse is a failed result.</summary>
    public ReplayResult ReplayJson(string json, string name = "history")
    {
        ArgumentNullException.ThrowIfNull(json);
        IReadOnlyList<HistoryEvent> history;
        try
        {
            history = HistorySerializer.DeserializeHistory(json);
        }
        catch (Exception ex)
        {
            return new ReplayResult(name, null, new WorkflowTestException($"The history '{name}' could not be read: {ex.Message}", ex));
        }

        return Replay(history, name);
    }

    /// <summary>Replays every history file of <paramref name="paths"/>, each reported under its file name.</summary>
    public async Task<IReadOnlyList<ReplayResult>> ReplayFilesAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        List<ReplayResult> results = [];
        foreach (string path in paths)
        {
            string json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            results.Add(ReplayJson(json, Path.GetFileName(path)));
        }

        return results;
    }

    /// <summary>Replays every file of <paramref name="directory"/> matching <paramref name="searchPattern"/>, in name order.</summary>
    public Task<IReadOnlyList<ReplayResult>> ReplayDirectoryAsync(string directory, string searchPattern = "*.json", CancellationToken cancellationToken = default)
        => ReplayFilesAsync(Directory.GetFiles(directory, searchPattern).Order(StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// Replays executions stored in a backend (a copy of production, or production itself: nothing is written)
    /// against the current code, newest first: run it in CI before deploying a changed workflow, and every execution
    /// that would be blocked by the change is reported with the sequence id and both sides.
    /// </summary>
    /// <param name="backend">The backend to read.</param>
    /// <param name="query">Which executions; the running ones of every workflow by default.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>One result per execution, named <c>instance-id (execution-id)</c>.</returns>
    public async Task<IReadOnlyList<ReplayResult>> ReplayAsync(Backends.IBackend backend, ReplayQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        query ??= new ReplayQuery();
        List<ReplayResult> results = [];
        string? cursor = null;
        do
        {
            var page = await backend.ListWorkflowInstancesAsync(new Backends.InstanceQuery { Status = query.Status, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var state in page.Instances)
            {
                if (results.Count >= query.Limit)
                {
                    return results;
                }

                if (query.WorkflowName is not null && state.WorkflowName != query.WorkflowName)
                {
                    continue;
                }

                var instance = state.Instance;
                var history = await backend.GetWorkflowInstanceHistoryAsync(instance, cancellationToken: cancellationToken).ConfigureAwait(false);
                results.Add(Replay(history, $"{instance.InstanceId} ({instance.ExecutionId})", instance));
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return results;
    }

    // A sub-workflow started without an explicit id is named '{parent instance id}:{schedule id}', which gives the
    // parent's id back; an explicit id tells nothing, so only ids of that exact shape count.
    private static string? InferInstanceId(IReadOnlyList<HistoryEvent> history)
    {
        foreach (var e in history)
        {
            if (e.Attributes is SubWorkflowScheduledAttributes sub)
            {
                string suffix = ":" + e.ScheduleEventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (sub.InstanceId.Length > suffix.Length && sub.InstanceId.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return sub.InstanceId[..^suffix.Length];
                }
            }
        }

        return null;
    }

    /// <summary>Throws when any result failed, listing each failure with its sequence id and both sides.</summary>
    /// <exception cref="ReplayFailedException">Some history does not replay.</exception>
    public static void EnsureSuccess(IEnumerable<ReplayResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failures = results.Where(r => !r.IsSuccess).ToList();
        if (failures.Count > 0)
        {
            throw new ReplayFailedException(failures);
        }
    }
}

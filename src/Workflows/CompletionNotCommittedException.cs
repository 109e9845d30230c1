namespace Workflows;

/// <summary>
/// The backend refused to store an activity's outcome (for example, larger than MariaDB's <c>max_allowed_packet</c>):
/// the attempt is failed with this error, which names the activity and the database's reason, instead of running
/// again at every lease. The activity's retry policy decides whether it runs again.
/// </summary>
public sealed class CompletionNotCommittedException(string message) : WorkflowsException(message);

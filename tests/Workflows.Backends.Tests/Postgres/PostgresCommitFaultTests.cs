using Workflows.Backends.Tests.Server;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>The commit-fault tests (<see cref="ServerCommitFaultTests{TBackend}"/>) on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCommitFaultTests(PostgresServer server) : ServerCommitFaultTests<PostgresBackend>
{
    protected override PostgresBackend CreateBackend() => server.CreateBackend();

    protected override void SetFaultHook(PostgresBackend backend, Action<CommitPoint> hook)
        => backend.FaultHook = p => hook(p == PostgresBackend.FaultPoint.AfterCommit ? CommitPoint.AfterCommit : CommitPoint.BeforeCommit);
}

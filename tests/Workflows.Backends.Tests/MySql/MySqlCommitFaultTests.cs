using Workflows.Backends.Tests.Server;
using Workflows.MySql;

namespace Workflows.Backends.Tests.MySql;

/// <summary>The commit-fault tests (<see cref="ServerCommitFaultTests{TBackend}"/>) on MariaDB.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlCommitFaultTests(MariaDbServer server) : ServerCommitFaultTests<MySqlBackend>
{
    protected override MySqlBackend CreateBackend() => server.CreateBackend();

    protected override void SetFaultHook(MySqlBackend backend, Action<CommitPoint> hook)
        => backend.FaultHook = p => hook(p == MySqlBackend.FaultPoint.AfterCommit ? CommitPoint.AfterCommit : CommitPoint.BeforeCommit);
}

using System.Diagnostics;
using Workflows.Backends.Tests.Server;
using Workflows.MySql;

namespace Workflows.Backends.Tests.MySql;

/// <summary>The round-trip tests (<see cref="ServerRoundTripTests{TBackend}"/>) on MariaDB.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlRoundTripTests(MariaDbServer server) : ServerRoundTripTests<MySqlBackend>
{
    protected override MySqlBackend CreateBackend() => server.CreateBackend();

    protected override string ProviderSource => "MySqlConnector";

    // MySqlConnector names a command or batch sent "Execute" (and a connection opened "Open").
    protected override bool IsRoundTrip(Activity activity) => activity.OperationName == "Execute";

    // InnoDB's locking reads see rows committed by the transaction they waited for.
    protected override bool ConfirmsEmptyLockingReads => false;
}

using System.Diagnostics;
using Workflows.Backends.Tests.Server;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>The round-trip tests (<see cref="ServerRoundTripTests{TBackend}"/>) on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRoundTripTests(PostgresServer server) : ServerRoundTripTests<PostgresBackend>
{
    protected override PostgresBackend CreateBackend() => server.CreateBackend();

    protected override string ProviderSource => "Npgsql";

    // Npgsql names a physical connection opened "CONNECT <database>"; every other activity is a command or batch sent.
    protected override bool IsRoundTrip(Activity activity) => !activity.OperationName.StartsWith("CONNECT", StringComparison.Ordinal);

    protected override bool ConfirmsEmptyLockingReads => true;
}

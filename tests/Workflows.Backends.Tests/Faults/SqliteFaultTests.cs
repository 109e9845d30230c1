using Microsoft.Data.Sqlite;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Sqlite;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

/// <summary>The fault suite's fast tier on one SQLite file shared by the test and two worker processes.</summary>
public sealed class SqliteFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(FaultScenario.WorkerPoints), MemberType = typeof(FaultScenario))]
    public async Task Worker_KilledAtFaultPoint_SurvivorFinishesAndInvariantsHold(string point)
    {
        string path = _dir.File("faults.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var target = Target(backend, path);

        await FaultScenario.RunKillAsync(target, point, hit: 3, output);
    }

    [Fact]
    public async Task Migration_KilledBetweenScriptAndJournal_ReopenCompletesSchemaAndInvariantsHold()
    {
        string path = _dir.File("migration.db");
        await using var backend = SqliteBackend.Open(path);
        var target = Target(backend, path);

        await FaultScenario.RunMigrationKillAsync(target, () => Task.FromResult(JournalRows(path)), "1:0001_initial.sql,2:0002_list_indexes.sql", output);
    }

    private static string JournalRows(string path)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT group_concat(version || ':' || script, ',') FROM (SELECT version, script FROM workflows_schema_journal ORDER BY version)";
        return (string)command.ExecuteScalar()!;
    }

    // On SQLite the backend's clock is the clock of the process that opened the file; the offset moves only the
    // workers' clocks, so this checks that the workflows' time is the backend's, not the worker's.
    [Fact]
    public async Task Workers_ClocksSkewedTenMinutes_NoEarlyTimerNoPrematureTakeover()
    {
        string path = _dir.File("skew.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var target = Target(backend, path);

        await FaultScenario.RunSkewedClocksAsync(target, output);
    }

    [Fact]
    public async Task Worker_FrozenPastItsLease_LateCompletionRejectedAndInvariantsHold()
    {
        string path = _dir.File("frozen.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var target = Target(backend, path);

        await FaultScenario.RunFrozenAsync(target, output);
    }

    [Theory]
    [MemberData(nameof(FaultScenario.FreezePoints), MemberType = typeof(FaultScenario))]
    public async Task Worker_FrozenAtFaultPoint_LateCommitRejectedAndInvariantsHold(string point)
    {
        string path = _dir.File($"frozen-{point}.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var target = Target(backend, path);

        await FaultScenario.RunFrozenAtAsync(target, point, output);
    }

    [Fact]
    public async Task Worker_StoppedGracefullyMidActivity_FinishesItsActivityWithoutReExecution()
    {
        string path = _dir.File("frozen.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var target = Target(backend, path);

        await FaultScenario.RunGracefulStopAsync(target, output);
    }

    [Fact]
    public async Task Client_KilledAfterStartAndSignalCommitted_StartRunsAndRetriedSignalArrivesOnce()
    {
        string path = _dir.File("frozen.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var target = Target(backend, path);

        await FaultScenario.RunClientKillAsync(target, output);
    }

    [SoakFact]
    public async Task Soak_SeededRandomKills_EveryRoundKeepsTheInvariants()
    {
        int seed = SoakFactAttribute.Seed();
        var random = new Random(seed);
        var points = FaultScenario.WorkerPoints().Select((object[] row) => (string)row[0]).ToList();
        int rounds = SoakFactAttribute.Rounds(20);
        output.WriteLine($"soak seed {seed} (replay with WORKFLOWS_SOAK_SEED={seed}), {rounds} rounds");
        for (int round = 0; round < rounds; round++)
        {
            string point = points[random.Next(points.Count)];
            // Six of the 24 workflows wait on a timer: that point is hit at most six times per run.
            int hit = 1 + random.Next(point == FaultPoints.TimerFired ? 6 : 8);
            string path = _dir.File($"soak-{round}.db");
            await using var backend = SqliteBackend.Open(path);
            await backend.GetStatsAsync();
            var target = Target(backend, path);
            try
            {
                await FaultScenario.RunKillAsync(target, point, hit, output);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"soak seed {seed}, round {round}, {point} hit {hit}: {ex.Message}");
            }
        }
    }

    private static FaultTarget Target(SqliteBackend backend, string path)
        => new(backend, [path], sql => Task.FromResult(Scalar(path, sql)), () => Task.FromResult(Scalar(path, "SELECT integrity_check = 'ok' FROM pragma_integrity_check") == 1));

    private static long Scalar(string path, string sql)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Buffers.Binary;
using Workflows.History;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// The writer's page cache is small while the file is under SQLite's pending byte (1 GiB), where every commit after a
/// page split walks the whole cache, and large from then on (docs/benchmarks.md, "Round two, part ten").
/// </summary>
public sealed class SqliteWriterCacheTests : IDisposable
{
    private const long SmallKiB = 8 * 1024;
    private const long LargeKiB = 64 * 1024;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, 4096, SmallKiB)]
    [InlineData(262_144, 4096, SmallKiB)] // exactly 1 GiB: the swap page, 262,145, still lies past the end
    [InlineData(262_145, 4096, LargeKiB)]
    [InlineData(131_072, 8192, SmallKiB)]
    [InlineData(131_073, 8192, LargeKiB)]
    [InlineData(16_385, 65536, LargeKiB)]
    public void TheRule_SwitchesWhereTheSwapPageEntersTheFile(long pages, long pageSize, long expectedKiB)
        => Assert.Equal(expectedKiB, SqliteFile.WriterCacheKiBFor(pages, pageSize));

    [Fact]
    public async Task ASmallFile_GetsTheSmallWriterCache_AndKeepsItWhileItWrites()
    {
        string path = _dir.File("small.db");
        await using var backend = SqliteBackend.Open(path);
        Assert.Equal(-SmallKiB, await backend.ReadWriterCacheSizeAsync());

        // More transactions than the writer counts between two looks at the file's size.
        for (int i = 0; i < 80; i++)
        {
            await backend.CreateWorkflowInstanceAsync(new WorkflowInstance($"i{i}", "e"), Started(), null);
        }

        Assert.Equal(-SmallKiB, await backend.ReadWriterCacheSizeAsync());
    }

    [Fact]
    public async Task AFilePastOneGibibyte_GetsTheLargeWriterCache_AndStillWorks()
    {
        string path = _dir.File("large.db");
        await using (var backend = SqliteBackend.Open(path))
        {
            await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("before", "e"), Started(), null);
        }

        MakeSqliteReadTheFileAsLarge(path, pages: 262_145 + 16);

        await using (var backend = SqliteBackend.Open(path))
        {
            Assert.Equal(-LargeKiB, await backend.ReadWriterCacheSizeAsync());
            await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("after", "e"), Started(), null);
            Assert.Equal(2, (await backend.GetStatsAsync()).ActiveInstances);
        }
    }

    private static HistoryEvent Started() => HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", []));

    /// <summary>
    /// Grows a closed database file to <paramref name="pages"/> pages without writing them: the file is extended
    /// (sparse, so the test needs no gibibyte of disk) and the header's own page count is marked stale, which the file
    /// format defines as "use the file's size" (the change counter at offset 24 no longer matches the
    /// version-valid-for number at offset 92). The pages past the old end belong to no table and are never read.
    /// </summary>
    private static void MakeSqliteReadTheFileAsLarge(string path, long pages)
    {
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0, "the WAL must be checkpointed into the file first");
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var header = new byte[100];
        file.ReadExactly(header);
        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        Assert.Equal(4096, pageSize);
        uint validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(92), validFor + 1);
        file.Position = 0;
        file.Write(header);
        file.SetLength(pages * pageSize);
    }
}

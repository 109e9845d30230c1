namespace Workflows.Samples.Tests;

/// <summary>The README's first command: the sample on the embedded SQLite default, run twice in one directory.</summary>
public sealed class SimpleSampleTests
{
    [Fact]
    public async Task Simple_RunTwice_FinishesEachTimeAndKeepsTheFirstInstanceInTheDatabase()
    {
        string directory = Directory.CreateTempSubdirectory("workflows-sample-").FullName;
        try
        {
            string first = await SampleRun.RunInAsync(directory, "Simple");
            string second = await SampleRun.RunInAsync(directory, "Simple");

            var started = System.Text.RegularExpressions.Regex.Match(first, @"Started workflow instance (\S+) on the sqlite backend");
            Assert.True(started.Success, first);
            Assert.Contains("Workflow finished. Result: 59", first, StringComparison.Ordinal);
            Assert.Contains("This is the first instance in this database", first, StringComparison.Ordinal);
            Assert.Contains("Workflow finished. Result: 59", second, StringComparison.Ordinal);
            Assert.Contains($"Earlier instances still in the database: 1 (newest: {started.Groups[1].Value})", second, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(directory, "workflows.db")), "the sample keeps its database in the working directory");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

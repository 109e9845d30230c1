namespace Workflows.Samples.Tests;

public sealed class ComplexParametersSampleTests
{
    [Fact]
    public async Task ComplexParameters_Run_RoundTripsRecordsCollectionsNullablesAndEnums()
    {
        string output = await SampleRun.RunAsync("ComplexParameters");

        Assert.Contains("Invoice for order-42: 2 lines, total 67.50, priority Express", output, StringComparison.Ordinal);
        Assert.Contains("2 x book = 30.00", output, StringComparison.Ordinal);
        Assert.Contains("Email on file: (none); tags: gift=yes", output, StringComparison.Ordinal);
    }
}

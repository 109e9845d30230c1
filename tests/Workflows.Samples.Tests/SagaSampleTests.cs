namespace Workflows.Samples.Tests;

public sealed class SagaSampleTests
{
    [Fact]
    public async Task Saga_Run_CompensatesCompletedStepsInReverseOrder()
    {
        string output = await SampleRun.RunAsync("Saga");

        Assert.Contains("Result: flight to Lisbon, hotel in Lisbon, car in Lisbon", output, StringComparison.Ordinal);
        int hotel = output.IndexOf("Compensated: cancelled hotel in Oslo", StringComparison.Ordinal);
        int flight = output.IndexOf("Compensated: cancelled flight to Oslo", StringComparison.Ordinal);
        Assert.True(hotel >= 0 && flight > hotel, output);
        Assert.Contains("Result: the trip failed and was rolled back", output, StringComparison.Ordinal);
    }
}

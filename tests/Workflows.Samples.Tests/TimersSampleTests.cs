namespace Workflows.Samples.Tests;

public sealed class TimersSampleTests
{
    [Fact]
    public async Task Timers_Run_FiresRacesAndCancelsTimers()
    {
        string output = await SampleRun.RunAsync("Timers");

        Assert.Contains("Race: the timeout won against the slow activity", output, StringComparison.Ordinal);
        Assert.Contains("Timer 3 (a day) was cancelled before it fired", output, StringComparison.Ordinal);
        Assert.Contains("History: 3 timers scheduled, 2 fired, 1 cancelled", output, StringComparison.Ordinal);
    }
}

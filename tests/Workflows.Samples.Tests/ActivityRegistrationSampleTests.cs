namespace Workflows.Samples.Tests;

public sealed class ActivityRegistrationSampleTests
{
    [Fact]
    public async Task ActivityRegistration_Run_SharesStateAndBuildsOneObjectPerCall()
    {
        string output = await SampleRun.RunAsync("ActivityRegistration");

        Assert.Contains("Workflow returned: good morning, ADA (visit #1)", output, StringComparison.Ordinal);
        Assert.Contains("Workflow returned: good morning, GRACE (visit #2)", output, StringComparison.Ordinal);
        Assert.Contains("The shared counter saw 2 visits across both runs.", output, StringComparison.Ordinal);
        Assert.Contains("The factory built 2 Greeter objects, one per call.", output, StringComparison.Ordinal);
    }
}

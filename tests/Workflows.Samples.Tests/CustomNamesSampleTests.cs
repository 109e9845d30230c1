namespace Workflows.Samples.Tests;

public sealed class CustomNamesSampleTests
{
    [Fact]
    public async Task CustomNames_Run_CallsWorkflowsByTheirRegisteredNames()
    {
        string output = await SampleRun.RunAsync("CustomNames");

        Assert.Contains("Registered workflow 'ProcessOrderV2'", output, StringComparison.Ordinal);
        Assert.Contains("By typed stub: charged order-5 (activity 'ChargeCard')", output, StringComparison.Ordinal);
        Assert.Contains("By name 'billing.invoice': invoice-order-5.pdf (activity 'billing.render-pdf')", output, StringComparison.Ordinal);
    }
}

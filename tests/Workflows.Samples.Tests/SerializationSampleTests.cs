using System.Text.RegularExpressions;

namespace Workflows.Samples.Tests;

public sealed partial class SerializationSampleTests
{
    [Fact]
    public async Task Serialization_Run_StoresCiphertextAndStillReadsOlderPlainHistory()
    {
        string output = await SampleRun.RunAsync("Serialization");

        // The custom converter's format, visible in the history written before the codec.
        Assert.Matches(PlainInput(), output);
        // History from before the codec: an instance finished under it, and one that was waiting, both read.
        Assert.Contains("(started before the codec): charged 99.00 USD (Standard) to the card ending 0004 for Grace, approved by Margaret", output, StringComparison.Ordinal);
        Assert.Contains("(finished before the codec), read again: charged 12.50 EUR (Express) to the card ending 1111 for Ada, approved by Linus", output, StringComparison.Ordinal);
        Assert.Contains("charged 1234.56 GBP (Express) to the card ending 0009 for Alan, approved by Barbara", output, StringComparison.Ordinal);
        // What the database holds for the encrypted instance.
        Assert.Matches(EncryptedInput(), output);
        Assert.Contains("The encrypted input contains neither the customer nor the card number.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"customer\":\"Alan\"", output, StringComparison.Ordinal);
        Assert.Contains("A client with the wrong key gets a PayloadException from codec aes-gcm.k1.", output, StringComparison.Ordinal);
    }

    [GeneratedRegex("""input: \{"customer":"Grace","cardNumber":"5500000000000004","total":"99\.00 USD","priority":"Standard"\}""")]
    private static partial Regex PlainInput();

    [GeneratedRegex(@"input: ~wfcodec:aes-gcm\.k1:[A-Za-z0-9+/]{20,}")]
    private static partial Regex EncryptedInput();
}

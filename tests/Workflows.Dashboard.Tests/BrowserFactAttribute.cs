namespace Workflows.Dashboard.Tests;

/// <summary>
/// A browser test: skipped, with the reason, when Debian's Chromium is not installed, except under CI=true where
/// the browser is required (.ci/run installs it) and a missing one fails the test.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"SKIPPED: no Chromium at {ChromiumPath} (install Debian's 'chromium' package; .ci/run does). Browser tests did not run.";
        }
    }
}

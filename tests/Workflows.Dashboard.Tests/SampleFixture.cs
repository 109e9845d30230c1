using DashboardSample;
using Microsoft.Playwright;

namespace Workflows.Dashboard.Tests;

/// <summary>The sample app on a real loopback port (a browser cannot reach an in-memory test server), and a browser.</summary>
public abstract class SampleFixtureBase(bool enableActions) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SampleApp Sample { get; private set; } = null!;

    public async Task InitializeAsync()
        => Sample = await SampleApp.StartAsync(new SampleAppOptions { EnableActions = enableActions });

    /// <summary>The headless system Chromium, started on first use so HTTP-only tests need no browser.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        if (_browser is null)
        {
            if (!File.Exists(BrowserFactAttribute.ChromiumPath))
            {
                throw new InvalidOperationException($"CI=true and no Chromium at {BrowserFactAttribute.ChromiumPath}: .ci/run must install Debian's 'chromium' package.");
            }

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = BrowserFactAttribute.ChromiumPath, Headless = true });
        }

        return _browser;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Sample.DisposeAsync();
        File.Delete(Sample.DatabasePath);
    }
}

public sealed class SampleFixture() : SampleFixtureBase(enableActions: true);

public sealed class ReadOnlySampleFixture() : SampleFixtureBase(enableActions: false);

[CollectionDefinition(Name)]
public sealed class SampleCollection : ICollectionFixture<SampleFixture>, ICollectionFixture<ReadOnlySampleFixture>
{
    public const string Name = "sample";
}

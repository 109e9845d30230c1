using Workflows.Client;
using DashboardSample;
using Microsoft.Playwright;

namespace Workflows.Dashboard.Tests;

/// <summary>The dashboard in a real headless Chromium, over the sample app.</summary>
[Collection(SampleCollection.Name)]
public sealed class DashboardBrowserTests(SampleFixture fixture, ReadOnlySampleFixture readOnly) : IAsyncLifetime
{
    private static readonly string s_screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private IBrowserContext _context = null!;
    private readonly List<string> _dialogs = [];

    public async Task InitializeAsync()
    {
        var browser = await fixture.BrowserAsync();
        _context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        _context.SetDefaultTimeout(15_000);
        Directory.CreateDirectory(s_screenshots);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private async Task<IPage> OpenAsync(string url)
    {
        var page = await _context.NewPageAsync();
        // Any dialog (alert from injected script, or a confirm) is recorded; confirms are accepted.
        page.Dialog += async (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Type + ":" + dialog.Message);
            }

            await dialog.AcceptAsync();
        };
        await page.GotoAsync(url);
        return page;
    }

    private static string InstanceUrl(SampleFixtureBase f, string id) => $"{f.Sample.DashboardUrl}/instance?id={Uri.EscapeDataString(id)}";

    [BrowserFact]
    public async Task ListPage_Sample_ShowsEveryInstanceAndFilterNarrowsIt()
    {
        var page = await OpenAsync(fixture.Sample.DashboardUrl + "/");
        var ids = await page.Locator("table.instances tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instanceId)");
        Assert.Contains(SampleApp.Ids.Blocked, ids);
        Assert.Contains(SampleApp.Ids.WaitingOnTimer, ids);
        Assert.Contains(SampleApp.Ids.Completed, ids);
        Assert.Contains(SampleApp.Ids.Failed, ids);
        Assert.Contains(SampleApp.Ids.Parent, ids);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "list.png"), FullPage = true });

        await page.FillAsync("input[name=prefix]", "payment-");
        await page.ClickAsync("form.filters button[type=submit]");
        await WaitForUrlAsync(page, "prefix=payment-");
        var filtered = await page.Locator("table.instances tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instanceId)");
        Assert.Equal([SampleApp.Ids.Failed], filtered);
    }

    [BrowserFact]
    public async Task InstancePage_ClickedFromList_ShowsHistoryAndSubWorkflowTree()
    {
        var page = await OpenAsync(fixture.Sample.DashboardUrl + "/?prefix=onboarding-grace");
        await page.ClickAsync($"a.instance-link:text-is('{SampleApp.Ids.Parent}')");
        await WaitForUrlAsync(page, "/instance?id=onboarding-grace");

        Assert.Equal(SampleApp.Ids.Parent, await page.TextContentAsync("h1 code.instance-id"));
        var events = await page.Locator("ol.timeline li .type").AllTextContentsAsync();
        Assert.Contains("WorkflowExecutionStarted", events);
        Assert.Contains("SubWorkflowScheduled", events);
        var tree = await page.Locator(".tree a").AllTextContentsAsync();
        Assert.Contains(SampleApp.Ids.Parent + "/greeting", tree);
        Assert.Contains(SampleApp.Ids.Parent + "/approval", tree);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "instance.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task BlockedInstance_Page_ShowsWhyAndCanBeCancelled()
    {
        // A cancel needs a workflow task, and the blocked code cannot run one: the request is recorded and the
        // instance stays blocked, so terminate is what ends it. Both are exercised on the blocked instance.
        var page = await OpenAsync(InstanceUrl(fixture, SampleApp.Ids.Blocked));
        var reason = await page.TextContentAsync("section.blocked-reason");
        Assert.Contains("NonDeterminismException", reason, StringComparison.Ordinal);
        Assert.Contains("ActivityScheduled(1) Pack", reason, StringComparison.Ordinal);
        Assert.Contains("CheckStock", reason, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "blocked.png"), FullPage = true });

        await page.ClickAsync("form.action-cancel button");
        await WaitForActionDoneAsync(page, "cancel");
        Assert.Contains("Cancellation requested", await page.TextContentAsync("p.notice"), StringComparison.Ordinal);
        var pending = await fixture.Sample.Client.GetStateAsync(SampleApp.Ids.Blocked);
        Assert.Equal(WorkflowStatus.Running, pending.Status);

        await page.FillAsync("form.action-terminate input[name=reason]", "blocked by an incompatible deploy");
        await page.ClickAsync("form.action-terminate button");
        await WaitForActionDoneAsync(page, "terminate");
        Assert.Equal("Terminated", await page.TextContentAsync("h1 .status"));
        Assert.Contains("confirm:", string.Join("|", _dialogs), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task CancelAndSignal_FromInstancePages_AreReflected()
    {
        var page = await OpenAsync(InstanceUrl(fixture, SampleApp.Ids.WaitingOnSignal));
        await page.FillAsync("form.action-signal input[name=signal]", "approved");
        await page.FillAsync("form.action-signal textarea[name=payload]", "true");
        await page.ClickAsync("form.action-signal button");
        await WaitForActionDoneAsync(page, "signal");
        await fixture.Sample.Client.WaitForCompletionAsync(SampleApp.Ids.WaitingOnSignal, TimeSpan.FromSeconds(30));
        await page.ReloadAsync();
        Assert.Equal("Completed", await page.TextContentAsync("h1 .status"));
        Assert.Contains("refund 42: approved", await page.TextContentAsync("pre.result"), StringComparison.Ordinal);
        Assert.Contains("SignalReceived", await page.Locator("ol.timeline li .type").AllTextContentsAsync());

        var timer = await OpenAsync(InstanceUrl(fixture, SampleApp.Ids.WaitingOnTimer));
        await timer.ClickAsync("form.action-cancel button");
        await WaitForActionDoneAsync(timer, "cancel");
        await WaitForStatusAsync(SampleApp.Ids.WaitingOnTimer);
        await timer.ReloadAsync();
        Assert.Equal("Canceled", await timer.TextContentAsync("h1 .status"));
    }

    /// <summary>
    /// Waits until <paramref name="page"/> has navigated to a URL containing <paramref name="part"/> (the navigation
    /// committed; the calls after this one wait for the elements they read). Not <c>WaitForURLAsync</c>: when the
    /// navigation had committed before the call, it waited for the page's load event, and once timed out there
    /// although the page had reached network idle.
    /// </summary>
    private static async Task WaitForUrlAsync(IPage page, string part)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!page.Url.Contains(part, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the page stayed at {page.Url}, waiting for a URL with '{part}'");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits for the page an action redirects to (post/redirect/get): its URL names the action, and its document is
    /// in place, shown by its notice (a reload issued while the new document was still being attached failed).
    /// </summary>
    private static async Task WaitForActionDoneAsync(IPage page, string action)
    {
        await WaitForUrlAsync(page, "done=" + action);
        await page.Locator("p.notice").WaitForAsync();
    }

    private async Task WaitForStatusAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await fixture.Sample.Client.GetStateAsync(id)).Status == WorkflowStatus.Running)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [BrowserFact]
    public async Task HostileInstanceId_RendersAsTextAndRunsNoScript()
    {
        const string hostile = "<script>window.__pwned=1;alert('x')</script>\"'><img src=x onerror=\"window.__pwned=2\">ü\u2028";
        await fixture.Sample.Client.StartWorkflowAsync("Reminder", new WorkflowOptions { InstanceId = hostile }, "<b>bold</b><script>window.__pwned=3</script>");

        var list = await OpenAsync(fixture.Sample.DashboardUrl + "/?name=Reminder");
        Assert.Contains(hostile, await list.Locator("a.instance-link").AllTextContentsAsync());
        await list.ClickAsync("a.instance-link >> nth=0");
        var page = list;
        if (await page.TextContentAsync("h1 code.instance-id") != hostile)
        {
            page = await OpenAsync(InstanceUrl(fixture, hostile));
        }

        Assert.Equal(hostile, await page.TextContentAsync("h1 code.instance-id"));
        Assert.Contains("<script>window.__pwned=3</script>", await page.Locator("pre.payload").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.DoesNotContain(_dialogs, d => d.StartsWith("alert", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task ReadOnlyMode_InstancePage_HidesActions()
    {
        var page = await OpenAsync(InstanceUrl(readOnly, SampleApp.Ids.Blocked));
        Assert.Equal(0, await page.Locator("section.actions, form.action").CountAsync());
        Assert.Equal(1, await page.Locator("header .readonly").CountAsync());
        Assert.Contains("NonDeterminismException", await page.TextContentAsync("section.blocked-reason"), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json;
using DashboardSample;

namespace Workflows.Dashboard.Tests;

/// <summary>The JSON API and the action endpoints over HTTP, against the sample app on a loopback port.</summary>
[Collection(SampleCollection.Name)]
public sealed class DashboardApiTests(SampleFixture fixture, ReadOnlySampleFixture readOnly) : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static List<string> Ids(JsonElement page)
        => page.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!).ToList();

    [Fact]
    public async Task ApiInstances_PageSizeTwo_CursorWalksAllNewestFirstWithoutRepeats()
    {
        var all = Ids(await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/instances"));
        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/instances?pageSize=2" + (cursor is null ? "" : "&cursor=" + cursor));
            walked.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && walked.Count <= all.Count);

        Assert.True(all.Count >= 6, $"the sample has at least six instances, got {all.Count}");
        Assert.Equal(all, walked);
    }

    [Fact]
    public async Task ApiInstances_Filters_NarrowByStatusNameAndParent()
    {
        string root = readOnly.Sample.DashboardUrl;
        Assert.Equal([SampleApp.Ids.Failed], Ids(await GetJsonAsync(root + "/api/instances?status=Failed")));
        Assert.Equal([SampleApp.Ids.Blocked], Ids(await GetJsonAsync(root + "/api/instances?name=Shipping")));
        Assert.Equal([SampleApp.Ids.Parent + "/approval", SampleApp.Ids.Parent + "/greeting"], Ids(await GetJsonAsync(root + "/api/instances?parent=" + SampleApp.Ids.Parent)));
        Assert.Empty(Ids(await GetJsonAsync(root + "/api/instances?createdBefore=2000-01-01T00:00Z")));
    }

    [Fact]
    public async Task ApiInstances_BadFilter_Returns400NamingTheParameter()
    {
        var error = await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/instances?status=Sleeping", HttpStatusCode.BadRequest);
        Assert.Contains("'status'", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        error = await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/instances?createdFrom=yesterday", HttpStatusCode.BadRequest);
        Assert.Contains("'createdFrom'", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiInstance_BlockedInstance_HasLastTaskErrorInputsAndPagedHistory()
    {
        string root = readOnly.Sample.DashboardUrl;
        var instance = await GetJsonAsync(root + "/api/instance?id=" + SampleApp.Ids.Blocked);
        Assert.Equal("Workflows.NonDeterminismException", instance.GetProperty("instance").GetProperty("lastTaskError").GetProperty("type").GetString());
        Assert.Equal("order 1001", instance.GetProperty("inputs")[0].GetString());

        var first = await GetJsonAsync(root + "/api/history?limit=2&id=" + SampleApp.Ids.Blocked);
        Assert.Equal([1L, 2L], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequenceId").GetInt64()));
        long next = first.GetProperty("nextAfter").GetInt64();
        var second = await GetJsonAsync($"{root}/api/history?limit=2&after={next}&id={SampleApp.Ids.Blocked}");
        Assert.Equal(3L, second.GetProperty("events")[0].GetProperty("sequenceId").GetInt64());
    }

    [Fact]
    public async Task ApiTreeAndStats_Sample_ListChildrenAndCounts()
    {
        string root = readOnly.Sample.DashboardUrl;
        var tree = await GetJsonAsync(root + "/api/tree?id=" + SampleApp.Ids.Parent);
        Assert.Equal(2, tree.GetProperty("children").GetArrayLength());
        var stats = await GetJsonAsync(root + "/api/stats");
        Assert.Equal(1, stats.GetProperty("instancesByStatus").GetProperty("Failed").GetInt64());
        Assert.Equal(1, stats.GetProperty("instancesByWorkflowName").GetProperty("Shipping").GetInt64());
    }

    [Fact]
    public async Task ApiInstance_UnknownOrMissingId_Returns404Or400()
    {
        await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/instance?id=no-such-instance", HttpStatusCode.NotFound);
        await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/history?id=no-such-instance", HttpStatusCode.NotFound);
        await GetJsonAsync(readOnly.Sample.DashboardUrl + "/api/instance", HttpStatusCode.BadRequest);
        using var page = await _http.GetAsync(readOnly.Sample.DashboardUrl + "/instance?id=%3Cscript%3E");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_WithoutAntiforgeryToken_IsRejectedAndChangesNothing()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = SampleApp.Ids.WaitingOnTimer });
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Sample.DashboardUrl + "/actions/terminate") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(WorkflowStatus.Terminated, (await fixture.Sample.Client.GetStateAsync(SampleApp.Ids.WaitingOnTimer)).Status);
    }

    [Fact]
    public async Task Action_ReadOnlyDashboard_IsNotMapped()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = SampleApp.Ids.WaitingOnTimer });
        using var response = await _http.PostAsync(readOnly.Sample.DashboardUrl + "/actions/cancel", content);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"got {response.StatusCode}");
        Assert.Equal(WorkflowStatus.Running, (await readOnly.Sample.Client.GetStateAsync(SampleApp.Ids.WaitingOnTimer)).Status);
    }
}

using System.Collections.Concurrent;
using PuppeteerSharp;

namespace Workbook.Tests.Browser;

/// <summary>What a page did in the browser: its charts, what it asked the network for (not file: or data:), what went wrong, and how it looked.</summary>
public sealed record BrowserRender(int Charts, int PlotlyPlots, int RenderedCharts, IReadOnlyList<string> Requests,
    IReadOnlyList<string> Errors, string ScreenshotPath);

/// <summary>
/// The machine's own Chromium (Debian's by default) driven with PuppeteerSharp, which never downloads a browser here: it
/// is given the executable. The browser is cut off from every network, so a report that needs one shows up as a request or
/// a script error, never as a silent download.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Points the tests at another Chromium, or at nothing (a path that does not exist) to see the skip.</summary>
    public const string Variable = "WORKBOOK_CHROMIUM";
    public const string DefaultBinary = "/usr/bin/chromium";

    readonly string profile;
    readonly IBrowser browser;

    HeadlessChromium(string profile, IBrowser browser) => (this.profile, this.browser) = (profile, browser);

    public static string Binary => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : DefaultBinary;

    /// <summary>CI=true (as .ci/run sets) makes the browser tests required: no Chromium is then a failure, not a skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Skips the calling [SkippableFact] with the reason when there is no Chromium, or fails it when CI is set: every
    /// test that needs a browser (the report's, the notebook renderer's) goes through here.</summary>
    public static void SkipUnlessPresent()
    {
        if (File.Exists(Binary)) return;
        var reason = $"no Chromium at {Binary}: install Debian's (`apt-get install chromium`, as .ci/run does) or set {Variable} to one";
        if (Required) Assert.Fail($"{reason}. CI is set, so the browser tests are required.");
        Skip.If(true, $"Skipped: {reason}.");
    }

    /// <summary>Starts Chromium, or skips the calling [SkippableFact] with the reason (the test summary shows it) when there is none and CI is not set.</summary>
    public static async Task<HeadlessChromium> LaunchOrSkipAsync()
    {
        SkipUnlessPresent();
        var profile = Directory.CreateTempSubdirectory("workbook-chromium-").FullName;
        try
        {
            var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = Binary,
                // Exactly these switches and no others: a fresh profile, no background services (nothing from a previous
                // run or an update check can interfere), and no way out (every host name resolves to nothing and the proxy is
                // the discard port), so any network request fails instead of leaving the machine.
                IgnoreDefaultArgs = true,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--window-size=1280,1000",
                    // PuppeteerSharp joins the switches with spaces into one command line: a value with spaces is quoted.
                    "--host-resolver-rules=\"MAP * ~NOTFOUND\"", "--proxy-server=127.0.0.1:9",
                ],
                DefaultViewport = new ViewPortOptions { Width = 1280, Height = 1000 },
                Timeout = 60_000,
            });
            return new HeadlessChromium(profile, browser);
        }
        catch
        {
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>Opens a local HTML file, waits until every chart div holds a drawn Plotly SVG (or the timeout), and saves a full-page screenshot.</summary>
    public async Task<BrowserRender> RenderAsync(string htmlPath, string screenshotPath, TimeSpan? timeout = null)
    {
        var requests = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        await using var page = await browser.NewPageAsync();
        page.Request += (_, e) => requests.Enqueue(e.Request.Url);
        page.RequestFailed += (_, e) =>
        {
            if (!IsLocal(e.Request.Url)) errors.Enqueue($"request failed: {e.Request.Url} ({e.Request.FailureText})");
        };
        page.PageError += (_, e) => errors.Enqueue($"exception: {e.Message}");
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error) errors.Enqueue($"console.error: {e.Message.Text}");
        };
        await page.GoToAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, WaitUntilNavigation.Load);

        // Plotly draws after load; a chart counts only once its div holds the SVG Plotly draws into.
        const string count = "({ charts: document.querySelectorAll('div.chart').length,"
            + " plots: document.querySelectorAll('.js-plotly-plot').length,"
            + " rendered: [...document.querySelectorAll('div.chart')].filter(d => d.querySelector('.js-plotly-plot svg.main-svg')).length })";
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        ChartCount state;
        while (true)
        {
            state = await page.EvaluateExpressionAsync<ChartCount>(count);
            if (state.Rendered == state.Charts || DateTime.UtcNow > deadline) break;
            await Task.Delay(200);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
        await page.ScreenshotAsync(screenshotPath, new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        return new BrowserRender(state.Charts, state.Plots, state.Rendered, [.. requests.Where(u => !IsLocal(u))], [.. errors], screenshotPath);
    }

    /// <summary>file: is the report itself; data: URLs are inline bytes (plotly.js probes image support with one) and never leave the page.</summary>
    static bool IsLocal(string url) => url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal);

    sealed record ChartCount(int Charts, int Plots, int Rendered);

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        browser.Dispose();
        DeleteProfile(profile);
    }

    static void DeleteProfile(string profile)
    {
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } // a crash dump being written; the temp folder is reaped anyway
    }
}

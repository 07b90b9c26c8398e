using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Reporting;
using Workbook.Tests.Cli;
using Workbook.Tests.Data;

namespace Workbook.Tests.Browser;

/// <summary>One Chromium at a time: each is a few hundred MB and several processes, and the screenshots share a folder.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>
/// The report opened in a real browser with no network: every chart must draw from the embedded plotly.js alone. Without
/// Chromium these tests skip, saying why, unless CI=true (then they fail): see <see cref="HeadlessChromium.LaunchOrSkipAsync"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ReportInBrowserTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    static readonly DeviceReport Devices = DeviceReport.Detect();
    /// <summary>Kept after the run (artifacts/ is ignored by git) so a person can look at what the browser drew.</summary>
    static readonly string Screenshots = Path.Combine(Repo.Root, "artifacts", "browser");

    /// <summary>A small real run (CPU, 256 training images), saved the way reproduce and bench save theirs.</summary>
    string SmallRun(string folder)
    {
        var plan = new BenchmarkPlan { Models = ["mlp", "cnn"], Devices = ["cpu"], TrainLimit = 256, TestLimit = 200, CpuEpochBudgetSeconds = null };
        BenchmarkRunner.Run(plan, fixture.Mnist, Devices, new ResultsStore(folder, EnvironmentFingerprint.Capture(Devices)));
        return folder;
    }

    [SkippableFact]
    public async Task A_real_runs_report_draws_every_chart_offline()
    {
        await using var browser = await HeadlessChromium.LaunchOrSkipAsync();
        using var scratch = new ScratchDir();
        var run = SmallRun(scratch.File("run"));
        var report = HtmlReport.Write(Path.Combine(run, HtmlReport.FileName), [new NamedRun("run", ResultsStore.Load(run))]);

        AssertDrawnOffline(await browser.RenderAsync(report, Path.Combine(Screenshots, "report.png")));
    }

    [SkippableFact]
    public async Task The_compare_report_from_the_cli_names_both_runs_and_draws_every_chart()
    {
        await using var browser = await HeadlessChromium.LaunchOrSkipAsync();
        using var scratch = new ScratchDir();
        var first = SmallRun(scratch.File("this-machine"));
        var second = SmallRun(scratch.File("other-machine"));

        var (exit, output) = CliRun.InProcess("report", first, "--compare", second);
        Assert.True(exit == 0, output);
        var report = Path.Combine(first, "report-compare.html");
        var html = await File.ReadAllTextAsync(report);
        Assert.Contains("this-machine", html);
        Assert.Contains("other-machine", html);

        AssertDrawnOffline(await browser.RenderAsync(report, Path.Combine(Screenshots, "report-compare.png")));
    }

    [SkippableFact]
    public async Task The_browser_check_catches_a_page_that_reaches_for_the_network_or_fails_to_draw()
    {
        await using var browser = await HeadlessChromium.LaunchOrSkipAsync();
        // The control: without it, "no requests, no errors, all charts drawn" could pass because nothing was being watched.
        using var scratch = new ScratchDir();
        var page = scratch.File("broken.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><head><script src=\"https://cdn.plot.ly/plotly-2.35.2.min.js\"></script></head>"
            + "<body><div class=\"chart\"><div id=\"c\"></div><script>Plotly.newPlot('c', [{ type: 'bar', y: [1, 2] }]);</script></div></body></html>");

        var result = await browser.RenderAsync(page, scratch.File("broken.png"), TimeSpan.FromSeconds(2));
        Assert.Equal((1, 0), (result.Charts, result.RenderedCharts));
        Assert.Contains("https://cdn.plot.ly/plotly-2.35.2.min.js", result.Requests);
        Assert.Contains(result.Errors, e => e.Contains("Plotly is not defined", StringComparison.Ordinal));
    }

    static void AssertDrawnOffline(BrowserRender page)
    {
        Assert.True(page.Charts >= 3, $"expected the epoch-time, speedup and accuracy charts, found {page.Charts} chart divs");
        Assert.Equal(page.Charts, page.PlotlyPlots);
        Assert.Equal(page.Charts, page.RenderedCharts);
        Assert.Empty(page.Requests);
        Assert.Empty(page.Errors);
        var png = File.ReadAllBytes(page.ScreenshotPath);
        Assert.True(png.Length > 10_000, $"{page.ScreenshotPath} is only {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}

using System.Text.Json.Nodes;
using Workbook.Benchmarks;
using Workbook.Reporting;
using Workbook.Tests.Cli;

namespace Workbook.Tests.Reporting;

/// <summary>Bad saved results give an error that names the file; a report is never left half written.</summary>
public class ReportInputTests
{
    static readonly EnvironmentFingerprint Environment = new("test-machine", "Linux", "Test CPU", 4, 8, 4, "avx2", "none", "n/a", "n/a",
        "0.107.0", "2.10.0", "cpu", false, ".NET 10", "2026-01-01T00:00:00Z", "abc1234");

    static string SavedRun(string folder)
    {
        var store = new ResultsStore(folder, Environment);
        foreach (var row in ChartsTests.Rows()) store.Append(row);
        return folder;
    }

    /// <summary>Both ways in (the library and `workbook report`) reject the folder and name <paramref name="file"/>.</summary>
    static void AssertRejectedNaming(string folder, string file)
    {
        var e = Assert.Throws<ResultsException>(() => ResultsStore.Load(folder));
        Assert.Contains(file, e.Message);
        Assert.Equal(file, e.Path);

        var (exit, output) = CliRun.InProcess("report", folder);
        Assert.Equal(1, exit);
        Assert.Contains("error:", output);
        Assert.Contains(Path.GetFileName(file), output);
        Assert.False(File.Exists(Path.Combine(folder, HtmlReport.FileName)));
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        using var scratch = new ScratchDir();
        AssertRejectedNaming(scratch.File("no-such-run"), scratch.File("no-such-run"));
    }

    [Fact]
    public void A_folder_without_results_json_names_the_missing_file()
    {
        using var scratch = new ScratchDir();
        AssertRejectedNaming(scratch.Path, scratch.File(ResultsStore.JsonFile));
    }

    [Fact]
    public void Malformed_results_json_is_named()
    {
        using var scratch = new ScratchDir();
        File.WriteAllText(scratch.File(ResultsStore.JsonFile), "{ \"environment\": { \"machine\": ");
        AssertRejectedNaming(scratch.Path, scratch.File(ResultsStore.JsonFile));
    }

    [Fact]
    public void Results_json_with_no_rows_is_named()
    {
        using var scratch = new ScratchDir();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SavedRun(scratch.Path), ResultsStore.JsonFile)))!;
        json["rows"] = new JsonArray();
        File.WriteAllText(scratch.File(ResultsStore.JsonFile), json.ToJsonString());
        AssertRejectedNaming(scratch.Path, scratch.File(ResultsStore.JsonFile));
    }

    [Fact]
    public void The_report_is_written_atomically_and_a_failed_render_keeps_the_old_one()
    {
        using var scratch = new ScratchDir();
        var report = scratch.File(HtmlReport.FileName);
        HtmlReport.Write(report, [new NamedRun("run", ResultsStore.Load(SavedRun(scratch.Path)))]);
        Assert.Contains("Plotly.newPlot", File.ReadAllText(report));
        Assert.Empty(Directory.GetFiles(scratch.Path, "*.tmp"));

        var before = File.ReadAllBytes(report);
        Assert.Throws<ArgumentException>(() => HtmlReport.Write(report, []));
        Assert.Equal(before, File.ReadAllBytes(report));
        Assert.Empty(Directory.GetFiles(scratch.Path, "*.tmp"));
    }
}

using Workbook.Benchmarks;

namespace Workbook.Tests.Cli;

/// <summary>
/// Every command, in a child process (fresh native state, as a user runs it), against every kind of folder the workbook
/// writes and against broken ones: it ends with 0, 1 or 2 and a message, never a stack trace or an abort.
/// </summary>
public class SavedFolderCommandTests(SavedFolders folders) : IClassFixture<SavedFolders>
{
    public static TheoryData<string> Kinds => [.. SavedFolders.Kinds];
    public static TheoryData<string> Broken => [.. SavedFolders.Broken];

    static string AssertEnded(int expected, (int Exit, string Output) run)
    {
        var (exit, output) = run;
        Assert.True(exit == expected, $"exit {exit}, expected {expected}:\n{output}");
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotMatch(@" at (Workbook|System|TorchSharp|Spectre)\.[\w.`]+\(", output);
        if (expected != 0) Assert.Contains("error", output, StringComparison.OrdinalIgnoreCase);
        return output;
    }

    static (int, string) Workbook(params string[] args) => CliRun.Process(new Dictionary<string, string?>(), args);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Report_works_on_every_kind_of_saved_folder(string kind)
    {
        var folder = folders.Path(kind);
        AssertEnded(0, Workbook("report", folder));
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<h2>Results</h2>", html);
        Assert.Contains("Plotly.newPlot", html);
        if (kind is "notebook-04-size") Assert.Contains("Epoch time against model size", html);

        var compare = AssertEnded(0, Workbook("report", folder, "--compare", folders.Path("reference"), "--out", Path.Combine(folder, "side-by-side.html")));
        Assert.Contains("Side by side", compare);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Report_on_a_broken_folder_exits_1_naming_it(string kind)
    {
        var folder = folders.Path(kind);
        Assert.Contains(kind, AssertEnded(1, Workbook("report", folder)));
        Assert.Contains(kind, AssertEnded(1, Workbook("report", folders.Path("reference"), "--compare", folder, "--out", folders.Path("x.html"))));
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Bench_rejects_a_broken_compare_folder_before_it_trains(string kind)
    {
        // A folder that does not exist is a bad argument (2); one that exists but holds no usable run fails the work (1).
        var output = AssertEnded(kind == "missing" ? 2 : 1, Workbook("bench", "--models", "mlp", "--devices", "cpu", "--compare", folders.Path(kind)));
        Assert.DoesNotContain("Training on", output);
    }

    [Fact]
    public void Reproduce_wrote_its_folder_and_exited_0()
    {
        var output = AssertEnded(0, folders.Reproduce);
        Assert.Contains("CPU vs GPU", output);
    }

    [Fact]
    public void With_two_epochs_epoch_s_is_per_epoch_and_the_total_is_labelled()
    {
        var output = AssertEnded(0, folders.Bench);
        var rows = ResultsStore.Load(folders.Path("bench")).Rows.Where(r => r.Device == "cpu").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(2, r.Epochs);
            Assert.Equal(r.TotalSeconds!.Value / 2, r.EpochSeconds!.Value, 12);
            Assert.Equal(256 / r.EpochSeconds!.Value, r.SamplesPerSecond!.Value, 6); // images/s is one epoch's images over one epoch's time
        });
        Assert.Matches(@"epoch\s*│\s*total", output); // the header, as wrapped at 80 columns
        var cnn = rows.Single(r => r.Model == "cnn");
        Assert.Contains($"The CPU trained the CNN in {cnn.EpochSeconds:F2} s per epoch", output);
        Assert.Contains($"{cnn.TotalSeconds:F1} s for all 2 epochs", output);
        var csv = File.ReadLines(Path.Combine(folders.Path("bench"), ResultsStore.CsvFile)).First().Split(',');
        Assert.Equal(Array.IndexOf(csv, "epoch s") + 1, Array.IndexOf(csv, "total s"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("data-corrupt")]
    public void Commands_that_read_mnist_exit_1_on_a_broken_data_folder(string kind)
    {
        var dir = folders.Path(kind);
        AssertEnded(1, Workbook("doctor", "--data", dir));
        AssertEnded(1, Workbook("reproduce", "--models", "mlp", "--data", dir, "--out", folders.Path($"out-{kind}")));
        AssertEnded(1, CliRun.Process(new Dictionary<string, string?> { ["WORKBOOK_DATA"] = dir }, "perf", "steps", "--models", "mlp", "--steps", "1"));
    }

    [Fact]
    public void Data_download_with_an_unreachable_mirror_exits_1()
    {
        // Port 9 (discard) on this machine refuses the connection: no network is touched.
        var output = AssertEnded(1, Workbook("data", "download", "--dir", folders.Path("download"), "--mirror", "http://127.0.0.1:9/"));
        Assert.Contains("could not be downloaded", output);
    }

    [Theory]
    [InlineData("missing.ipynb", 2)]
    [InlineData("corrupt.ipynb", 1)]
    public void Notebooks_run_on_a_bad_notebook_ends_with_a_message(string notebook, int exit)
    {
        Assert.Contains(notebook, AssertEnded(exit, Workbook("notebooks", "run", folders.Path(notebook), "--out", folders.Path("executed"))));
    }
}

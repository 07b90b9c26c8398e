using System.Text.Json.Nodes;
#if KERNEL
using Microsoft.DotNet.Interactive.Formatting;
#endif
using Workbook.Benchmarks;
using Workbook.Cli.Notebooks;
using Workbook.Reporting;

namespace Workbook.Tests.Notebooks;

/// <summary>What the notebooks' cells lean on: the Quick line, the set-up call, the exercise checks, the reference chart.</summary>
[Collection(NotebookCollection.Name)] // NotebookMode and WORKBOOK_QUICK are process-wide
public class NotebookHelpersTests
{
    static IReadOnlyList<ReferenceRun> Committed() => ReferenceResults.Load(Path.Combine(Repo.Root, "data", "results"));

    [Fact]
    public void The_notebooks_quick_line_decides_unless_WORKBOOK_QUICK_says_yes_or_no()
    {
        try
        {
            Environment.SetEnvironmentVariable(NotebookMode.Variable, null);
            NotebookMode.Use(true);
            Assert.True(NotebookMode.Quick);
            Assert.Equal(2000, NotebookMode.TrainLimit);
            NotebookMode.Use(false);
            Assert.False(NotebookMode.Quick);
            Assert.Null(NotebookMode.TrainLimit);

            Environment.SetEnvironmentVariable(NotebookMode.Variable, "1");
            Assert.True(NotebookMode.Quick);
            Assert.Contains("overrides the notebook's Quick line", NotebookMode.Describe());
            NotebookMode.Use(true);
            Environment.SetEnvironmentVariable(NotebookMode.Variable, "0");
            Assert.False(NotebookMode.Quick);
            Assert.False(NotebookSession.Start(quick: true).Quick); // what the notebook's `Quick = session.Quick;` then sees
            Environment.SetEnvironmentVariable(NotebookMode.Variable, "maybe"); // neither: the line decides
            Assert.True(NotebookMode.Quick);
            Assert.DoesNotContain("overrides", NotebookMode.Describe());
        }
        finally
        {
            Environment.SetEnvironmentVariable(NotebookMode.Variable, null);
        }
    }

#if KERNEL // the kernel's own formatter; without the kernel (-p:WorkbookKernel=false) there is none to ask
    [Fact]
    public void The_kernel_formats_the_workbooks_objects_as_html_without_a_registration()
    {
        var right = Exercise.Check("Exercise 1", true, "a < b holds", "unused");
        var hint = Exercise.Check("Exercise 2", false, "unused", "try x & y");
        Assert.Equal("<p style=\"color:#1a7f37\"><b>Exercise 1: Right.</b> a &lt; b holds</p>", right.ToDisplayString("text/html"));
        Assert.Contains("Exercise 2: Not yet.</b> Hint: try x &amp; y", hint.ToDisplayString("text/html"));
        Assert.Equal("Exercise 2: Not yet. Hint: try x & y", hint.ToDisplayString("text/plain"));

        var session = NotebookSession.Start(quick: true);
        var html = session.ToDisplayString("text/html");
        Assert.Contains("plotly.js v2", html);
        Assert.Contains($"TorchSharp {session.Runtime.TorchSharpVersion}", html);
        // An executed copy says when, where and under what load it ran.
        Assert.Matches(@"Run \d{4}-\d\d-\d\d \d\d:\d\d UTC on .+, \d+ CPUs \(\d+ torch threads\), .+; load average", html);
        if (OperatingSystem.IsLinux()) Assert.Matches(@"load average [\d.]+ [\d.]+ [\d.]+ \(1, 5, 15 min\)", session.RunContext);
        var chart = ReferenceComparison.Throughput([], Committed());
        Assert.Equal(chart.Fragment, chart.ToDisplayString("text/html"));
    }

#endif

    [Fact]
    public void Near_accepts_a_measured_answer_within_the_tolerance_only()
    {
        Assert.True(Exercise.Near(10.4, 10, 0.05));
        Assert.False(Exercise.Near(10.6, 10, 0.05));
        Assert.False(Exercise.Near(double.NaN, 10));
    }

    [Fact]
    public void A_run_whose_every_row_was_skipped_stops_the_notebook_with_the_reasons()
    {
        var cpu = Committed().SelectMany(r => r.Results.Rows).First(r => r.Measured);
        var skipped = cpu with { Device = "cuda", EpochSeconds = null, SamplesPerSecond = null, Status = RowStatus.Skipped("no NVIDIA driver") };
        var e = Assert.Throws<InvalidOperationException>(() => MeasuredRows.Require([skipped, skipped], "the size sweep"));
        Assert.Contains("the size sweep: nothing was measured (2 rows, skipped: no NVIDIA driver)", e.Message);
        Assert.Contains("notebook 00", e.Message);
        Assert.Contains("the plan was empty", Assert.Throws<InvalidOperationException>(() => MeasuredRows.Require([], "x")).Message);
        Assert.Equal(2, MeasuredRows.Require([skipped, cpu], "x").Count);

        // Per device: a CPU whose every model the gate refused fails the cell even when a GPU measured something.
        var refused = cpu with { EpochSeconds = null, SamplesPerSecond = null, Status = RowStatus.Skipped("conv2 (Conv2d, input 8×6×14×14 NCHW): forward off by 0.42") };
        var gpu = cpu with { Device = "cuda:0" };
        var perDevice = Assert.Throws<InvalidOperationException>(() => MeasuredRows.Require([refused, gpu], "the blog's table"));
        Assert.Contains("nothing was measured on cpu, a device that runs (1 rows, skipped: conv2", perDevice.Message);
    }

    [Fact]
    public void Reference_chart_puts_this_machine_beside_each_committed_run_by_throughput()
    {
        var references = Committed();
        Assert.NotEmpty(references);
        var mine = references[0].Results.Rows.Where(r => r.Measured).Select(r => r with { SamplesPerSecond = r.SamplesPerSecond * 2 }).ToList();
        var chart = ReferenceComparison.Throughput(mine, references);
        var traces = chart.Figure["data"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.Contains(traces, t => (string?)t["name"] == "this machine: CPU");
        Assert.Contains(traces, t => (string?)t["name"] == $"{references[0].Name}: CPU");
        // Only the blog's comparable configuration: batch 128, resident data.
        var expected = references[0].Results.Rows.Count(r => r.Measured && r.BatchSize == 128 && r.Placement == Workbook.Training.Placement.Resident);
        Assert.Equal(expected, traces.First(t => (string?)t["name"] == "this machine: CPU")["y"]!.AsArray().Count);
    }

    [Fact]
    public void Gpu_note_says_plainly_where_gpu_numbers_come_from()
    {
        var references = Committed();
        var cpu = references.SelectMany(r => r.Results.Rows).Where(r => r.Measured).ToList();
        var gpu = cpu.Select(r => r with { Device = "cuda:0", DeviceName = "Test GPU" }).ToList();
        var gpuReference = new ReferenceRun("h200-box", "/nowhere", new RunResults(references[0].Results.Environment, gpu));
        Assert.StartsWith("No GPU numbers yet", ReferenceComparison.GpuNote(cpu, references.Where(r => !r.Results.Rows.Any(x => x.Device.StartsWith("cuda"))).ToList()));
        Assert.Equal("This machine has no usable GPU; the GPU bars are the committed run(s) h200-box.", ReferenceComparison.GpuNote(cpu, [gpuReference]));
        Assert.StartsWith("GPU bars: this machine's own. No GPU reference", ReferenceComparison.GpuNote(gpu, []));
        Assert.Contains("and the committed run(s) h200-box", ReferenceComparison.GpuNote(gpu, [gpuReference]));
    }

#if KERNEL // rendering runs the notebooks in the kernel
    [SkippableFact]
    public async Task Render_turns_each_chart_into_a_png_and_drops_plotly_js()
    {
        Browser.HeadlessChromium.SkipUnlessPresent();
        using var scratch = new ScratchDir();
        using var mnist = Workbook.Data.Mnist.Load();
        var chart = ReferenceComparison.Throughput([], Committed());
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "code",
                ["source"] = new JsonArray("chart"),
                ["outputs"] = new JsonArray(
                    new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/html"] = $"<pre>session</pre>\n{PlotlyJs.ScriptTag()}" } },
                    new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/html"] = chart.Fragment } },
                    new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/html"] = DigitGrid.Svg(mnist.Train, count: 32) } }),
            }),
        };
        var executed = Path.Combine(scratch.Path, "in.ipynb");
        await File.WriteAllTextAsync(executed, notebook.ToJsonString());
        var rendered = await NotebookRenderer.RenderAsync(executed, Path.Combine(scratch.Path, "out", "in.ipynb"), Browser.HeadlessChromium.Binary);
        Assert.Equal(2, rendered.Pictures); // the chart, and the digit grid's 280 KB of inline SVG
        var text = await File.ReadAllTextAsync(rendered.Path);
        Assert.DoesNotContain("plotly.js v2", text);
        Assert.DoesNotContain("<script", text);
        Assert.Contains("<pre>session</pre>", text);
        var outputs = JsonNode.Parse(text)!["cells"]![0]!["outputs"]!.AsArray();
        var png = Convert.FromBase64String((string)outputs[1]!["data"]!["image/png"]!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(640, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]); // IHDR width: the chart's own
        Assert.InRange(png.Length, 5_000, 200_000); // a drawn chart, small enough to commit often
        Assert.Equal(chart.Title, (string?)outputs[1]!["data"]!["text/plain"]);
        var grid = Convert.FromBase64String((string)outputs[2]!["data"]!["image/png"]!);
        Assert.Equal(736, (grid[16] << 24) | (grid[17] << 16) | (grid[18] << 8) | grid[19]); // the SVG's own width
        Assert.True(rendered.Bytes < 200_000, $"{rendered.Bytes} bytes");
    }

    [Fact]
    public async Task Render_without_chromium_says_how_to_install_it()
    {
        using var scratch = new ScratchDir();
        var e = await Assert.ThrowsAsync<Workbook.Cli.UsageException>(() =>
            NotebookRenderer.RenderAsync("nowhere.ipynb", Path.Combine(scratch.Path, "x.ipynb"), chromium: "/nonexistent/chromium"));
        Assert.Contains("apt-get install -y chromium", e.Message);
    }
#endif
}

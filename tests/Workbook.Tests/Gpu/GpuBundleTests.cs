using System.Formats.Tar;
using System.IO.Compression;
using Workbook.Benchmarks;
using Workbook.Reporting;
using Workbook.Tests.Runtime;
using Workbook.Training;

namespace Workbook.Tests.Gpu;

/// <summary>The GPU bundle, built once for the tests of this class (about 90 s).</summary>
public sealed class BundleFixture : IDisposable
{
    readonly ScratchDir scratch = new();

    public string Tarball { get; }

    public BundleFixture()
    {
        Tarball = scratch.File("workbook-bundle.tar.gz");
        var (built, buildLog) = GpuBundleTests.Bash("tools/make-bundle.sh", Tarball);
        if (built != 0) throw new InvalidOperationException($"make-bundle.sh failed:\n{buildLog}");
    }

    public void Dispose() => scratch.Dispose();
}

/// <summary>
/// The GPU bundle: builds here, fits the size target, carries the glue tools and sources, and tools/gpu-run.sh runs
/// its one call end to end against a libtorch named the way a GPU machine names its own (a folder with a version, via
/// --libtorch): the same path, minus CUDA. These tests check the plumbing (the probe, the steps, the files, what the
/// results say about the glue), not this machine's kernel verdicts: doctor's exit code is recorded, never asserted.
/// </summary>
public class GpuBundleTests(BundleFixture bundle) : IClassFixture<BundleFixture>
{
    const long MaxCompressedBytes = 40L * 1024 * 1024;
    static readonly string[] Steps = ["doctor", "reproduce", "pitfalls", "sweep-size", "sweep-batch", "sweep-placement"];

    internal static (int Exit, string Output) Bash(params string[] args)
    {
        var (exit, stdout, stderr) = ChildProcess.Run("bash", args, timeout: TimeSpan.FromMinutes(8));
        return (exit, stdout + stderr);
    }

    (int Exit, string Log) GpuRun(string libtorch, string outDir, string workDir) =>
        Bash("tools/gpu-run.sh", "--bundle", bundle.Tarball, "--libtorch", libtorch, "--out", outDir, "--work", workDir, "--quick",
            "--", "--quick", "--models", "mlp", "--train-limit", "512");

    /// <summary>With the sources in the bundle the rebuild runs and stops for want of headers; without them it says so.</summary>
    static void AssertRebuildTriedAndFailed(string output)
    {
        if (GlueSourcesFound())
        {
            Assert.Contains("== glue: rebuild from torchsharp-native-0.107.0.tar.gz", output);
            Assert.Contains("rebuild: FAILED: no libtorch headers beside", output);
        }
        else Assert.Contains("the bundle carries no glue sources", output);
    }

    static bool GlueSourcesFound() => Runtime.LibTorchFarm.VendoredSources is not null;

    [Fact]
    public void Bundle_is_under_40_MB_and_carries_the_glue_probe_rebuild_and_sources()
    {
        var size = new FileInfo(bundle.Tarball).Length;
        Assert.True(size < MaxCompressedBytes, $"bundle is {size / 1048576.0:F1} MB compressed");
        var names = new List<string>();
        using (var gz = new GZipStream(File.OpenRead(bundle.Tarball), CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
            while (tar.GetNextEntry() is { } entry) names.Add(entry.Name.TrimStart('.', '/'));
        Assert.Contains("gpu-run.sh", names);
        Assert.Contains("workbook/libLibTorchSharp.so", names);
        foreach (var file in new[] { "probe.sh", "rebuild.sh", "load.py", "torchsharp-native.sha256" })
            Assert.Contains($"glue/{file}", names);
        // The sources travel when make-bundle.sh finds them (../shared/vendor beside the clone); without them it warns.
        Assert.Equal(GlueSourcesFound(), names.Contains("glue/torchsharp-native-0.107.0.tar.gz"));
    }

    [Fact]
    public void Gpu_run_probes_the_glue_then_records_every_step_in_at_most_8_files()
    {
        using var scratch = new ScratchDir();
        // Another version label on the restored 2.10.0 libraries: accepted only because the probe finds the glue clean.
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu");
        var outDir = scratch.File("run");
        var (exit, output) = GpuRun(lib, outDir, scratch.File("work"));
        var log = File.ReadAllText(Path.Combine(outDir, "log.txt"));

        Assert.Contains("probe: verdict: clean", log);
        Assert.Contains("0 unresolved symbol(s), 0 missing", log);
        Assert.DoesNotContain("== glue: rebuild", log);
        foreach (var step in Steps) Assert.Contains($"== {step}: exit ", log);
        Assert.Contains("TorchSharp runtime", log); // doctor ran and printed its runtime table
        Assert.Contains("libtorch 2.11.0+cpu, prebuilt glue", log);
        Assert.Matches(@"exits: doctor \d+, reproduce 0, (pytorch 0, )?pitfalls 0, sweep-size 0, sweep-batch 0, sweep-placement 0", log);
        Assert.True(exit == 0, output);

        var files = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outDir, f)).Order().ToList();
        Assert.True(files.Count <= 8, string.Join(", ", files));
        string[] expected = ["log.txt", "pitfalls.csv", "results.csv", "results.json", "sweep-batch/results.json", "sweep-placement/results.json", "sweep-size/results.json"];
        Assert.Equal(expected, files.Where(f => f != "pytorch.txt")); // pytorch.txt only where python3 has torch

        // What comes back is what notebooks 03/04 and report --compare read, and it says which glue ran.
        var reproduce = ResultsStore.Load(outDir);
        Assert.Equal("2.11.0+cpu", reproduce.Environment.LibTorch);
        Assert.Equal("libtorch 2.11.0+cpu, prebuilt glue, 0 unresolved symbols", reproduce.Environment.Glue);
        Assert.Equal([Placement.Resident, Placement.Streamed], reproduce.Rows.Select(r => r.Placement).Distinct().Order());
        Assert.Contains("<td>Glue</td><td>libtorch 2.11.0+cpu, prebuilt glue, 0 unresolved symbols</td>", HtmlReport.Render([new NamedRun("gpu", reproduce)]));
        Assert.Equal(["mlp-128x1", "mlp-32x1"], ResultsStore.Load(Path.Combine(outDir, "sweep-size")).Rows.Select(r => r.Model).Distinct().Order());
        Assert.Equal([64, 128], ResultsStore.Load(Path.Combine(outDir, "sweep-batch")).Rows.Select(r => r.BatchSize).Distinct().Order());
        Assert.Equal(2, ResultsStore.Load(Path.Combine(outDir, "sweep-placement")).Rows.Select(r => r.Placement).Distinct().Count());

        var pitfalls = File.ReadAllLines(Path.Combine(outDir, "pitfalls.csv"));
        Assert.Equal("model,device,batch,steps,method,first_step_included,synchronised,loss_reads,seconds,step_ms", pitfalls[0]);
        Assert.Equal(5, pitfalls.Count(l => l.StartsWith("mlp,cpu,128,3,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Gpu_run_with_a_glue_that_does_not_fit_tries_the_rebuild_and_says_why_it_cannot()
    {
        using var scratch = new ScratchDir();
        // libc10.so is another library here: the glue's c10 functions are unresolved, and there are no headers to rebuild with.
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu", swap: ("libc10.so", "libgomp-98b21ff3.so.1"));
        var outDir = scratch.File("run");
        var (exit, output) = GpuRun(lib, outDir, scratch.File("work"));
        Assert.Equal(1, exit);
        Assert.Contains("probe: verdict: not clean", output);
        Assert.Matches(@"probe: [1-9]\d* unresolved symbol", output);
        AssertRebuildTriedAndFailed(output);
        Assert.Contains("the workbook's runs are skipped", output);
        foreach (var step in Steps) Assert.DoesNotContain($"== {step}: exit", output);
        Assert.Contains("glue does not fit", File.ReadAllText(Path.Combine(outDir, "log.txt")));
    }

    [Fact]
    public void A_forced_rebuild_that_cannot_build_falls_back_to_the_prebuilt_glue_that_probed_clean()
    {
        using var scratch = new ScratchDir();
        var lib = LibTorchFarm.Make(scratch, "2.10.0+cpu");
        var outDir = scratch.File("run");
        var (exit, output) = Bash("tools/gpu-run.sh", "--bundle", bundle.Tarball, "--libtorch", lib, "--out", outDir, "--work", scratch.File("work"),
            "--rebuild", "--steps", "doctor");
        Assert.True(exit == 0, output);
        Assert.Contains("probe: verdict: clean", output);
        Assert.Contains("--rebuild asks for a glue built here", output);
        AssertRebuildTriedAndFailed(output);
        Assert.Contains("== glue: back to the prebuilt glue, which probed clean", output);
        Assert.Contains("== doctor: exit ", output);
        Assert.DoesNotContain("== reproduce", output);
        Assert.Equal(["log.txt"], Directory.GetFiles(outDir).Select(Path.GetFileName));
    }

    [Fact]
    public void Gpu_run_without_a_libtorch_says_what_to_pass()
    {
        using var scratch = new ScratchDir();
        var (exit, log) = Bash("tools/gpu-run.sh", "--bundle", bundle.Tarball, "--libtorch", "/nonexistent/torch/lib", "--out", scratch.Path, "--work", scratch.File("work"));
        Assert.NotEqual(0, exit);
        Assert.Contains("no libtorch at /nonexistent/torch/lib", log);
    }
}

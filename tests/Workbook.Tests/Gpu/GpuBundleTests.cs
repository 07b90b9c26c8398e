namespace Workbook.Tests.Gpu;

/// <summary>
/// The GPU bundle: builds here, fits the size target, and tools/gpu-run.sh runs it end to end against a libtorch named
/// the way a GPU machine names its own (a folder with a version, via --libtorch): the same path, minus CUDA.
/// </summary>
public class GpuBundleTests
{
    const long MaxCompressedBytes = 40L * 1024 * 1024;

    static (int Exit, string Output) Bash(params string[] args)
    {
        var (exit, stdout, stderr) = ChildProcess.Run("bash", args, timeout: TimeSpan.FromMinutes(8));
        return (exit, stdout + stderr);
    }

    /// <summary>A libtorch folder as libtorch's zip lays it out: lib/ with the libraries, build-version beside it.</summary>
    static string CpuLibTorch(ScratchDir scratch)
    {
        var lib = Directory.CreateDirectory(scratch.File("libtorch/lib")).FullName;
        var natives = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in Directory.GetFiles(natives, "lib*.so*").Where(f => !f.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal)))
            File.CreateSymbolicLink(Path.Combine(lib, Path.GetFileName(file)), file);
        File.WriteAllText(scratch.File("libtorch/build-version"), "2.10.0+cpu\n");
        return lib;
    }

    [Fact]
    public void Bundle_builds_under_40_MB_and_gpu_run_completes_against_a_machine_libtorch()
    {
        using var scratch = new ScratchDir();
        var tarball = scratch.File("workbook-bundle.tar.gz");
        var (built, buildLog) = Bash("tools/make-bundle.sh", tarball);
        Assert.True(built == 0, buildLog);
        var size = new FileInfo(tarball).Length;
        Assert.True(size < MaxCompressedBytes, $"bundle is {size / 1048576.0:F1} MB compressed");

        var outDir = scratch.File("run");
        var (exit, log) = Bash("tools/gpu-run.sh", "--bundle", tarball, "--libtorch", CpuLibTorch(scratch), "--out", outDir,
            "--", "--quick", "--models", "mlp", "--devices", "cpu,cuda", "--train-limit", "512");
        Assert.True(exit == 0, log);
        Assert.Contains("doctor exit 0, reproduce exit 0", log);
        Assert.Contains("WORKBOOK_LIBTORCH", File.ReadAllText(Path.Combine(outDir, "log.txt")));
        Assert.True(File.Exists(Path.Combine(outDir, "results", "results.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "results", "report.html")));
    }

    [Fact]
    public void Gpu_run_without_a_libtorch_says_what_to_pass()
    {
        using var scratch = new ScratchDir();
        var (exit, log) = Bash("tools/gpu-run.sh", "--bundle", "/nonexistent.tar.gz", "--libtorch", "/nonexistent/torch/lib", "--out", scratch.Path);
        Assert.NotEqual(0, exit);
        Assert.Contains("nonexistent", log);
    }
}

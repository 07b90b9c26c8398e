namespace Workbook.Tests.Cli;

[Collection(SerialTorch.Name)]
public class DoctorTests
{
    [Fact]
    public void Doctor_reports_torch_and_verified_mnist_and_exits_0()
    {
        var (exit, output) = CliRun.InProcess("doctor");
        Assert.Equal(0, exit);
        Assert.Contains("0.107.0", output);
        Assert.Contains("libLibTorchSharp.so", output);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains("ubyte") && l.Contains("verified")));
        Assert.Contains("All good", output);
        Assert.Contains("Available is not usable", output);
        Assert.Matches(Workbook.Devices.Bf16Instructions.Found() is null ? "bf16 instructions +│ none" : "bf16 instructions +│ (AVX512_BF16|AMX-BF16)", output);
        Assert.Matches(@"│ cpu +│ yes +│ \d", output);
        foreach (var model in new[] { "mlp", "cnn", "deep" })
            Assert.Matches($@"│ {model} +│ cpu +│ correct +│", output);
        Assert.DoesNotContain("disagree with the CPU", output);
    }

    [Fact]
    public void Doctor_kernels_prints_the_grid_and_its_summary()
    {
        var (exit, output) = CliRun.InProcess("doctor", "--kernels");
        Assert.Contains("64×20×12×12→50×20×5×5", output);
        Assert.Contains("NHWC", output);
        Assert.Matches(@"Kernels: (none|\d+) of \d+ kernels wrong", output);
        // A wrong kernel alone is a diagnostic; doctor fails only when a model it would time is refused.
        Assert.Equal(output.Contains("wrong: not timed") ? 1 : 0, exit);
    }

    [Fact]
    public void Doctor_with_a_missing_user_libtorch_exits_1_with_the_fix()
    {
        var (exit, output) = CliRun.Process(new Dictionary<string, string?> { ["WORKBOOK_LIBTORCH"] = "/nonexistent/torch/lib" }, "doctor");
        Assert.Equal(1, exit);
        Assert.Contains("WORKBOOK_LIBTORCH", output);
        Assert.Contains("does not exist", output);
        Assert.Contains("Fix:", output);
    }

    [Fact]
    public void Doctor_with_a_libtorch_file_removed_exits_1_naming_it_and_the_libraries_that_need_it()
    {
        using var scratch = new ScratchDir();
        var lib = Runtime.LibTorchFarm.Make(scratch, "2.10.0", remove: "libc10.so");
        var (exit, output) = CliRun.Process(new Dictionary<string, string?> { ["WORKBOOK_LIBTORCH"] = lib }, "doctor");
        Assert.Equal(1, exit);
        Assert.Contains("libc10.so is missing", output);
        Assert.Contains("libtorch_cpu.so", output);
        Assert.Contains("clean restore", output);
        Assert.DoesNotContain("doesn't contain a reference", output);
    }

    [Fact]
    public void Doctor_prints_the_dependency_tree_of_the_natives_it_loaded()
    {
        var (_, output) = CliRun.InProcess("doctor");
        Assert.Contains("Native dependencies of TorchSharp", output);
        Assert.Contains("libtorch_cpu.so  beside it (RUNPATH $ORIGIN)", output);
        Assert.Contains("libc10.so", output);
        Assert.DoesNotContain("MISSING", output);
    }

    [Fact]
    public void Doctor_with_broken_data_exits_1_naming_the_file()
    {
        using var scratch = new ScratchDir();
        var (exit, output) = CliRun.InProcess("doctor", "--data", scratch.Path);
        Assert.Equal(1, exit);
        Assert.Contains("train-images-idx3-ubyte", output);
        Assert.Contains("missing", output);
    }

    [Theory]
    [InlineData("doctor", "--no-such-option")]
    [InlineData("no-such-command")]
    public void Bad_arguments_exit_2_with_a_usage_message(params string[] args)
    {
        var (exit, output) = CliRun.InProcess(args);
        Assert.Equal(2, exit);
        Assert.Contains("error", output);
    }
}

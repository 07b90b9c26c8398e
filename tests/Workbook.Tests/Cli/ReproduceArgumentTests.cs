namespace Workbook.Tests.Cli;

[Collection(SerialTorch.Name)]
public class ReproduceArgumentTests
{
    [Theory]
    [InlineData("reproduce", "--models", "resnet")]
    [InlineData("reproduce", "--batch-size", "-5")]
    [InlineData("reproduce", "--batch-size", "abc")]
    [InlineData("reproduce", "--epochs", "0")]
    [InlineData("reproduce", "--devices", "tpu")]
    [InlineData("bench", "--placement", "sideways")]
    [InlineData("reproduce", "--threads", "two")]
    [InlineData("reproduce", "--precision", "fp8")]
    [InlineData("perf", "steps", "--precision", "fp8")]
    [InlineData("perf", "everything")]
    [InlineData("perf", "steps", "--models", "resnet")]
    [InlineData("report")]
    public void Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var (exit, output) = CliRun.InProcess(args);
        Assert.Equal(2, exit);
        Assert.Contains("error", output);
    }

    [Fact]
    public void A_tiny_reproduce_run_prints_the_table_the_claims_and_where_the_files_are()
    {
        using var scratch = new ScratchDir();
        var (exit, output) = CliRun.InProcess("reproduce", "--models", "mlp", "--train-limit", "256", "--test-limit", "100", "--out", scratch.Path);
        Assert.Equal(0, exit);
        Assert.Contains("CPU vs GPU", output);
        Assert.Contains("A small feed-forward network", output);
        Assert.True(File.Exists(Path.Combine(scratch.Path, "results.csv")));
        Assert.True(File.Exists(Path.Combine(scratch.Path, "results.json")));
    }

    [Fact]
    public void Threads_are_set_after_the_runtime_loads_and_recorded_with_the_results()
    {
        // A fresh process: in-process the runtime is already loaded, which hid a `--threads` that broke loading.
        using var scratch = new ScratchDir();
        var (exit, output) = CliRun.Process(new Dictionary<string, string?>(), "reproduce", "--threads", "1", "--models", "mlp",
            "--devices", "cpu", "--train-limit", "256", "--test-limit", "100", "--out", scratch.Path);
        Assert.True(exit == 0, output);
        Assert.Equal(1, Workbook.Benchmarks.ResultsStore.Load(scratch.Path).Environment.TorchThreads);
    }

    [Fact]
    public void A_run_that_measured_nothing_exits_1_says_why_and_keeps_its_files()
    {
        using var scratch = new ScratchDir();
        var (exit, output) = CliRun.InProcess("bench", "--models", "mlp", "--devices", "cuda", "--train-limit", "256", "--test-limit", "100", "--out", scratch.Path);
        var saved = Workbook.Benchmarks.ResultsStore.Load(scratch.Path);
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Equal(0, exit);
            return;
        }
        Assert.Equal(1, exit);
        Assert.Contains("Nothing was measured", output);
        Assert.All(saved.Rows, r => Assert.Equal(Workbook.Benchmarks.StatusKind.Skipped, r.Status.Kind));
    }

    [Fact]
    public void Bf16_runs_where_the_cpu_has_bf16_instructions_and_elsewhere_exits_2_saying_why_before_anything_runs()
    {
        using var scratch = new ScratchDir();
        var (exit, output) = CliRun.InProcess("reproduce", "--precision", "bf16", "--devices", "cpu", "--models", "mlp",
            "--train-limit", "256", "--test-limit", "100", "--out", scratch.Path);
        if (Workbook.Devices.Bf16Instructions.Found() is { } instructions)
        {
            Assert.True(exit == 0, output);
            Assert.All(Workbook.Benchmarks.ResultsStore.Load(scratch.Path).Rows, r => Assert.StartsWith("bf16", r.Precision));
            return;
        }
        Assert.Equal(2, exit);
        Assert.Contains("bf16 is not offered on this CPU", output);
        Assert.Contains("AVX512_BF16", output);
        Assert.False(File.Exists(Path.Combine(scratch.Path, "results.csv")), "nothing may run before the refusal");
    }

    [Fact]
    public void Tf32_on_the_cpu_exits_2_naming_it_a_gpu_format()
    {
        var (exit, output) = CliRun.InProcess("reproduce", "--precision", "tf32", "--devices", "cpu", "--models", "mlp", "--train-limit", "256");
        Assert.Equal(2, exit);
        Assert.Contains("NVIDIA GPU format", output);
    }
}

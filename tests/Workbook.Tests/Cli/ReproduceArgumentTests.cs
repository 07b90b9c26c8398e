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
}

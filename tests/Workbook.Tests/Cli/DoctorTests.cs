namespace Workbook.Tests.Cli;

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
        Assert.Contains("available is not usable", output);
        Assert.Contains("conv2d + matmul agree with the CPU", output);
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

using Workbook.Gate;
using Workbook.Models;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Gate;

[Collection(SerialTorch.Name)]
public class WorkloadCheckTests
{
    public WorkloadCheckTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    [InlineData("deep")]
    public void The_zoo_models_compute_correctly_on_the_cpu(string key)
    {
        // Their convolutions (1->32, 32->64 and wider, channels-last) were exact even on the Zen 5 CPU whose NCHW kernels
        // were wrong for LeNet's shapes (environment.md), so this holds on every CPU generation seen so far.
        var verdict = WorkloadCheck.Run(key, () => ModelZoo.Create(key), CPU);
        Assert.True(verdict.Correct, verdict.Summary);
        Assert.InRange(verdict.WorstLayer!.Error, 0, NumericError.CpuTolerance);
        Assert.InRange(verdict.MaxRelativeError, 0, verdict.Tolerance);
        Assert.Null(verdict.Reason);
    }

    [Fact]
    public void A_wrong_layer_refuses_the_model_and_the_message_names_layer_shape_error_and_reference()
    {
        var verdict = WorkloadCheck.Run("lenet", () => LeNet.Create(Fault.Always), CPU);
        Assert.False(verdict.Correct);
        Assert.True(verdict.MaxRelativeError > 0.1, verdict.Summary);
        Assert.StartsWith("conv2 (FaultyConv, input 8×6×14×14 NCHW): forward off by 0.4", verdict.Culprit);
        Assert.StartsWith(verdict.Culprit + ", so the model's ", verdict.Reason);
        Assert.Contains("against float64 on the CPU with the same weights and batch", verdict.Reason);
        Assert.Contains("1 thread", verdict.Reason);
        Assert.DoesNotContain("disagree with the CPU", verdict.Reason);
    }

    [Fact]
    public void The_same_model_gets_the_same_verdict_every_time()
    {
        var verdicts = Enumerable.Range(0, 3).Select(_ => WorkloadCheck.Run("lenet", () => LeNet.Create(Fault.NchwOneDnn), CPU)).ToList();
        Assert.All(verdicts, v => Assert.False(v.Correct));
        Assert.Single(verdicts.Select(v => (v.Worst, v.Culprit, v.Threads)).Distinct());
        var clean = Enumerable.Range(0, 3).Select(_ => WorkloadCheck.Run("lenet", () => LeNet.Create(), CPU)).ToList();
        Assert.All(clean, v => Assert.True(v.Correct, v.Summary));
    }

    [Fact]
    public void The_kernel_grid_gives_the_same_verdicts_twice_in_one_process()
    {
        var first = KernelTable.Measure(CPU);
        var second = KernelTable.Measure(CPU);
        Assert.Equal(first.Select(r => (r.Operation, r.Layout, r.Threads, r.Wrong)), second.Select(r => (r.Operation, r.Layout, r.Threads, r.Wrong)));
        Assert.Contains(first, r => r.Operation == "conv 64×20×12×12 → 50×20×5×5" && r.Layout == "NCHW" && r.Threads == 1);
        Assert.Contains(first, r => r.Operation.StartsWith("matmul", StringComparison.Ordinal));
        Assert.All(first, r => Assert.True(r.Forward >= 0 && r.InputGradient >= 0 && r.WeightGradient >= 0));
        Assert.StartsWith(first.Any(r => r.Wrong) ? $"{first.Count(r => r.Wrong)} of {first.Count} kernels wrong" : $"none of {first.Count} kernels wrong",
            KernelTable.Summary(first));
    }

    [Fact]
    public void A_result_with_nan_is_infinitely_wrong_and_says_so()
    {
        using var reference = ones(4, dtype: float64);
        using var candidate = tensor(new[] { 1f, float.NaN, 1f, 1f });
        var error = NumericError.RelativeError(reference, candidate);
        Assert.True(double.IsPositiveInfinity(error));
        Assert.Contains("NaN", NumericError.Describe(error));
        using var close = tensor(new[] { 1f, 1.5f, 1f, 1f });
        Assert.Equal(0.5, NumericError.RelativeError(reference, close), 6);
    }

    [Fact]
    public void The_onednn_switch_turns_off_and_back_on_and_convolutions_stay_correct()
    {
        Assert.True(OneDnn.IsAvailable);
        Assert.True(OneDnn.Enabled);
        using (OneDnn.Disable())
        {
            Assert.False(OneDnn.Enabled);
            var verdict = WorkloadCheck.Run("lenet", () => LeNet.Create(), CPU);
            Assert.True(verdict.Correct, verdict.Summary);
        }
        Assert.True(OneDnn.Enabled);
    }
}

using Workbook.Benchmarks.Envelope;
using Workbook.Models;
using Workbook.Runtime;

namespace Workbook.Tests.Benchmarks;

/// <summary>The predictions follow from the spec table and the counts, and move the right way when a figure changes.</summary>
public class EnvelopeModelTests
{
    public EnvelopeModelTests() => TorchRuntime.Initialize();

    static readonly GpuSpec Made = new("X1", "Made-up X1", "test", 10, "test", null, null, 100, "test", 10, "test");

    static StepCount OneGroup(double flops, double bytes, int launches) =>
        new("toy", 128, 784, 0, 0, [new KernelGroup("layer", "Linear", StepPhase.Forward, flops, bytes, launches)]);

    [Fact]
    public void A_group_takes_the_longer_of_arithmetic_and_memory_plus_its_launches()
    {
        var launch = new LaunchCost(5e-6, false, "test");
        // 1 GFLOP at 10 TFLOPS x 0.5 = 200 µs; 1 MB at 100 GB/s = 10 µs: arithmetic-bound.
        var p = EnvelopeModel.Predict(OneGroup(1e9, 1e6, 3), Made, launch, efficiency: 0.5);
        Assert.Equal(200e-6, p.ArithmeticSeconds, 12);
        Assert.Equal(0, p.MemorySeconds);
        Assert.Equal(15e-6, p.LaunchSeconds, 12);
        Assert.Equal(215e-6, p.StepSeconds, 12);
        Assert.Equal(215e-6 * 469, p.EpochSeconds(128), 12);
        // 1 MFLOP (0.2 µs) against 100 MB (1 ms): memory-bound.
        var q = EnvelopeModel.Predict(OneGroup(1e6, 1e8, 1), Made, launch, efficiency: 0.5);
        Assert.Equal(0, q.ArithmeticSeconds);
        Assert.Equal(1e-3, q.MemorySeconds, 12);
    }

    public static TheoryData<string> Models => ["mlp", "cnn", "deep"];

    [Theory]
    [MemberData(nameof(Models))]
    public void More_bandwidth_or_peak_never_slows_a_prediction_and_dearer_launches_never_speed_it(string key)
    {
        using var model = ModelZoo.Create(key);
        var count = StepCount.Count(model, key);
        foreach (var gpu in GpuSpecs.All)
        {
            var baseline = EnvelopeModel.Predict(count, gpu, LaunchCost.Cited).StepSeconds;
            Assert.True(EnvelopeModel.Predict(count, gpu with { MemoryGBps = 2 * gpu.MemoryGBps }, LaunchCost.Cited).StepSeconds <= baseline);
            Assert.True(EnvelopeModel.Predict(count, gpu with { Fp32Tflops = 2 * gpu.Fp32Tflops }, LaunchCost.Cited).StepSeconds <= baseline);
            Assert.True(EnvelopeModel.Predict(count, gpu, LaunchCost.Cited with { Seconds = 2 * LaunchCost.Cited.Seconds }).StepSeconds >= baseline);
            Assert.True(EnvelopeModel.Predict(count, gpu, LaunchCost.Cited, efficiency: 1).StepSeconds <= baseline);
        }
    }

    [Fact]
    public void The_issues_sanity_targets_hold_the_keras_cnn_tens_of_times_faster_and_the_mlp_launch_bound()
    {
        using var cnn = ModelZoo.KerasMnistCnn();
        using var mlp = ModelZoo.Mlp();
        foreach (var gpu in new[] { GpuSpecs.H200, GpuSpecs.Rtx4060Laptop })
        {
            var p = EnvelopeModel.Predict(StepCount.Count(cnn, "cnn"), gpu, LaunchCost.Cited);
            Assert.True(p.ArithmeticSeconds < 2e-3, $"{gpu.Name}: {p.ArithmeticSeconds}");
            Assert.True(0.084 / p.StepSeconds >= 20, $"{gpu.Name}: the CPU's 84 ms over {p.StepSeconds}"); // tens of times, not 1.2x
        }
        var m = EnvelopeModel.Predict(StepCount.Count(mlp, "mlp"), GpuSpecs.H200, LaunchCost.Cited);
        Assert.Equal("launches", m.Dominant.Term);
        Assert.True(m.Dominant.Share > 0.5);
    }

    [Fact]
    public void Every_spec_names_its_sources_and_a_measured_row_finds_its_spec()
    {
        Assert.All(GpuSpecs.All, g =>
        {
            Assert.Matches(@"[a-z]+\.(com|org)/", g.Fp32Source); // a page, named without https://
            Assert.Matches(@"[a-z]+\.(com|org)/", g.MemorySource);
            Assert.False(string.IsNullOrWhiteSpace(g.HostLinkSource));
            Assert.True(g.Tf32DenseTflops is null == g.Tf32Source is null);
        });
        Assert.Contains("cited", LaunchCost.Cited.Source);
        Assert.Same(GpuSpecs.H200, GpuSpecs.For("NVIDIA H200"));
        Assert.Same(GpuSpecs.Gtx1060, GpuSpecs.For("NVIDIA GeForce GTX 1060 6GB"));
        Assert.Null(GpuSpecs.For("NVIDIA A100-SXM4-80GB"));
        Assert.Null(GpuSpecs.For(null));
    }
}

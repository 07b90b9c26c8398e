using Workbook.Benchmarks;
using Workbook.Benchmarks.Envelope;
using Workbook.Benchmarks.Perf;
using Workbook.Reporting;
using Workbook.Training;

namespace Workbook.Tests.Reporting;

/// <summary>The envelope's sentences with made-up rows: no GPU run, a GPU run the prediction falls inside or outside, a CPU step it separates from or not.</summary>
public class EnvelopeFindingsTests
{
    static readonly GpuSpec Gpu = new("X1", "Made-up X1", "test", 10, "test", null, null, 100, "test", 10, "test");
    static readonly LaunchCost Launch = new(5e-6, false, "test");

    // 1 GFLOP at 10 TFLOPS x 0.5 = 200 µs + 20 launches x 5 µs = 100 µs: a 300 µs step.
    static readonly StepCount Count = new("toy", 128, 784, 1000, 2, [new KernelGroup("layer", "Linear", StepPhase.Forward, 1e9, 1e6, 20)]);

    static EnvelopeRow Row(MeasuredStep? cpu, params GpuRun[] runs) =>
        EnvelopeRow.Build(Count, cpu, new FmaRate(256, 2, 100), [Gpu], Launch, runs);

    static MeasuredStep Spread(double median, double low, double high) => new(median, low, high, 20, "made up");

    [Fact]
    public void Without_a_gpu_run_the_sentence_says_it_was_not_measured_and_what_would_measure_it()
    {
        var (key, value) = EnvelopeFindings.Gpu(Row(Spread(0.09, 0.08, 0.1)), Row(null).Predictions[0]);
        Assert.Equal("toy on Made-up X1", key);
        Assert.Contains("predicted 300 µs per step", value);
        Assert.Contains(EnvelopeFindings.NoGpuRun, value);
        Assert.Contains("tools/gpu-run.sh", value);
    }

    [Fact]
    public void A_gpu_run_stands_beside_the_prediction_with_the_error()
    {
        var inside = Row(null, new GpuRun("Made-up X1", Spread(250e-6, 200e-6, 400e-6)));
        var text = EnvelopeFindings.AgainstMeasured(inside.MeasuredOn(inside.Predictions[0]), inside.Predictions[0]);
        Assert.Contains("measured 250 µs on Made-up X1", text);
        Assert.Contains("off by +20%", text);
        Assert.Contains("inside the measured range", text);

        var outside = Row(null, new GpuRun("Made-up X1", Spread(1e-3, 0.9e-3, 1.2e-3)));
        text = EnvelopeFindings.AgainstMeasured(outside.MeasuredOn(outside.Predictions[0]), outside.Predictions[0]);
        Assert.Contains("off by -70%", text);
        Assert.Contains("outside the measured range 900 µs-1.20 ms over 20 steps", text);

        // A saved row keeps no range: judged against a factor of 2, and says so.
        var saved = Row(null, new GpuRun("Made-up X1", new MeasuredStep(1e-3, null, null, null, "reference run z")));
        text = EnvelopeFindings.AgainstMeasured(saved.MeasuredOn(saved.Predictions[0]), saved.Predictions[0]);
        Assert.Contains("more than a factor of 2 off (no range recorded)", text);
        Assert.Contains("reference run z", text);

        // Another GPU's run is not this GPU's measurement.
        var other = Row(null, new GpuRun("Other Y9", Spread(250e-6, 200e-6, 400e-6)));
        Assert.Null(other.MeasuredOn(other.Predictions[0]));
    }

    [Fact]
    public void A_speedup_over_the_cpu_is_claimed_only_when_the_prediction_leaves_the_cpus_range()
    {
        var faster = Row(Spread(0.09, 0.08, 0.1));
        Assert.Contains("300x faster than this CPU's 90.0 ms", EnvelopeFindings.AgainstCpu(faster, faster.Predictions[0]));
        var same = Row(Spread(320e-6, 250e-6, 400e-6));
        Assert.StartsWith("no difference predicted", EnvelopeFindings.AgainstCpu(same, same.Predictions[0]));
        var slower = Row(Spread(100e-6, 90e-6, 110e-6));
        Assert.Contains("3.0x slower", EnvelopeFindings.AgainstCpu(slower, slower.Predictions[0]));
        var noRange = Row(new MeasuredStep(500e-6, null, null, null, "a saved row"));
        Assert.StartsWith("no difference predicted", EnvelopeFindings.AgainstCpu(noRange, noRange.Predictions[0]));
        Assert.Equal("no CPU step measured here to compare with", EnvelopeFindings.AgainstCpu(Row(null), Row(null).Predictions[0]));
    }

    [Fact]
    public void The_cpu_sentence_gives_the_share_of_the_fma_peak_or_says_the_count_is_wrong()
    {
        // 1 GFLOP at 100 GFLOP/s is 10 ms; measured 20 ms: 50%.
        Assert.Contains("10.0 ms at the FMA peak of 100 GFLOP/s (2 threads); measured 20.0 ms (median of 20 steps, 15.0 ms-30.0 ms): 50% of the peak",
            EnvelopeFindings.Cpu(Row(Spread(0.02, 0.015, 0.03)))!.Value.Value);
        Assert.Contains("faster than the peak allows", EnvelopeFindings.Cpu(Row(Spread(0.005, 0.004, 0.006)))!.Value.Value);
        Assert.Null(EnvelopeFindings.Cpu(Row(null)));
    }

    [Fact]
    public void Gpu_runs_come_from_this_run_and_the_reference_runs_measured_resident_cuda_rows_only()
    {
        ResultRow R(string device, string name, double? epoch, Placement placement = Placement.Resident) => TestRows.Blog("cnn", device, 1_199_882) with
        {
            ModelTitle = "Keras mnist_cnn",
            DeviceName = name,
            Placement = placement,
            EpochSeconds = epoch,
            Status = epoch is null ? RowStatus.Skipped("no GPU") : RowStatus.Ok,
        };
        // A committed reference run's environment, with a made-up GPU row in place of its rows (none of them is a GPU's).
        var committed = ReferenceResults.Load(Path.Combine(Repo.Root, "data", "results"))[0].Results;
        Assert.DoesNotContain(committed.Rows, r => r.Device.StartsWith("cuda", StringComparison.Ordinal) && r.Measured);
        var reference = new ReferenceRun("gpu-box", "/nowhere", committed with { Rows = [R("cuda:0", "NVIDIA H200", 0.469)] });
        var runs = EnvelopeRow.GpuRunsFor("cnn", 128, [R("cpu", "AMD EPYC", 40), R("cuda", "NVIDIA H200", null), R("cuda", "NVIDIA H200", 0.5, Placement.Streamed)], [reference]);
        var run = Assert.Single(runs);
        Assert.Equal("reference run gpu-box", run.Step.Source);
        Assert.Equal(1e-3, run.Step.Median, 9); // 0.469 s over 469 steps
        Assert.False(run.Step.HasSpread);
    }
}

using Workbook.Benchmarks;
using Workbook.Reporting;
using Workbook.Training;

namespace Workbook.Tests.Reporting;

/// <summary>
/// Every sentence builder driven with made-up rows for the cases that matter: no GPU, a GPU faster, a GPU slower, a
/// difference inside the noise, a committed GPU reference run. What a page says must follow from the rows given.
/// </summary>
public class SentenceTests
{
    static Spread Steps(double median, double halfWidth) => new(median, median - halfWidth, median + halfWidth, 40);

    static ResultRow Row(string model, string device, double? stepMs, double halfWidth = 0, RowStatus? status = null,
        int batch = 128, Placement placement = Placement.Resident, double? accuracy = 0.98) => TestRows.Blog(model, device) with
        {
            BatchSize = batch,
            Placement = placement,
            EpochSeconds = stepMs * 469 / 1000,
            SamplesPerSecond = stepMs is { } s ? batch / (s / 1000) : null,
            StepMs = stepMs is { } m ? Steps(m, halfWidth) : null,
            TrainingFlopsPerImage = model switch { "mlp" => 0.6e6, "cnn" => 72e6, _ => 400e6 },
            TestAccuracy = stepMs is null ? null : accuracy,
            Status = status ?? (stepMs is null ? RowStatus.Skipped("no NVIDIA driver: nvidia-smi is not installed") : RowStatus.Ok),
        };

    static IReadOnlyList<ResultRow> CpuOnly() =>
        [Row("mlp", "cpu", 2, 0.1), Row("cnn", "cpu", 90, 3), Row("deep", "cpu", 330, 10), Row("mlp", "cuda", null), Row("cnn", "cuda", null), Row("deep", "cuda", null)];

    static ClaimVerdict Claim(IReadOnlyList<ClaimVerdict> verdicts, string claim) => verdicts.Single(v => v.Claim == claim);

    [Fact]
    public void Without_a_gpu_every_claim_is_not_measured_and_says_what_would_measure_it()
    {
        var verdicts = BlogClaims.Evaluate(CpuOnly(), "no NVIDIA driver: nvidia-smi is not installed");
        Assert.All(verdicts, v =>
        {
            Assert.Null(v.Held);
            Assert.StartsWith("Not measured here: no usable GPU (no NVIDIA driver", v.Verdict);
            Assert.Contains("tools/gpu-run.sh", v.Verdict);
            Assert.DoesNotContain("faster", v.Verdict);
        });
        Assert.Contains("step 90.0 ms (IQR 87.0-93.0, 40 steps)", Claim(verdicts, BlogClaims.CnnClaim).Verdict);
        Assert.Contains("3.7x the Keras CNN's epoch", Claim(verdicts, BlogClaims.DeepClaim).Verdict);
    }

    [Fact]
    public void A_gpu_faster_beyond_the_noise_is_said_with_its_ratio_and_judges_the_claims()
    {
        var rows = Speedups.Apply([.. CpuOnly().Where(r => r.Device == "cpu"), Row("mlp", "cuda:0", 4, 0.2), Row("cnn", "cuda:0", 9, 0.3), Row("deep", "cuda:0", 11, 0.5)]);
        var verdicts = BlogClaims.Evaluate(rows);
        var cnn = Claim(verdicts, BlogClaims.CnnClaim);
        Assert.True(cnn.Held);
        Assert.Contains("the GPU (Test GPU) is 10.0x as fast as the CPU", cnn.Verdict);
        var mlp = Claim(verdicts, BlogClaims.MlpClaim);
        Assert.True(mlp.Held); // 2 ms on the CPU against 4 on the GPU: the CPU is faster, as the blog says
        Assert.Contains("the CPU is 2.0x as fast as the GPU (Test GPU)", mlp.Verdict);
        var deep = Claim(verdicts, BlogClaims.DeepClaim);
        Assert.True(deep.Held); // 30x against the CNN's 10x
        Assert.Contains("30.0x", deep.Verdict);
    }

    [Fact]
    public void A_gpu_slower_than_the_cpu_fails_the_claims_that_need_it_faster()
    {
        var rows = Speedups.Apply([.. CpuOnly().Where(r => r.Device == "cpu"), Row("mlp", "cuda:0", 1, 0.05), Row("cnn", "cuda:0", 200, 5), Row("deep", "cuda:0", 700, 10)]);
        var verdicts = BlogClaims.Evaluate(rows);
        Assert.False(Claim(verdicts, BlogClaims.CnnClaim).Held);
        Assert.Contains("the CPU is 2.2x as fast as the GPU", Claim(verdicts, BlogClaims.CnnClaim).Verdict);
        Assert.False(Claim(verdicts, BlogClaims.MlpClaim).Held);
        Assert.False(Claim(verdicts, BlogClaims.DeepClaim).Held);
    }

    [Fact]
    public void A_difference_inside_the_noise_is_no_difference()
    {
        // 90 ± 3 on the CPU against 88 ± 4 on the GPU: the quartiles overlap.
        var rows = Speedups.Apply([.. CpuOnly().Where(r => r.Device == "cpu"), Row("cnn", "cuda:0", 88, 4)]);
        var cnn = Claim(BlogClaims.Evaluate(rows), BlogClaims.CnnClaim);
        Assert.False(cnn.Held);
        Assert.Contains("no measurable difference here", cnn.Verdict);
        Assert.Contains("±5%", cnn.Verdict);
        Assert.DoesNotContain("as fast as", cnn.Verdict);
    }

    [Fact]
    public void A_committed_gpu_reference_judges_the_claims_when_this_machine_has_none()
    {
        var gpuRun = new RunResults(Fingerprint(), Speedups.Apply([.. CpuOnly().Where(r => r.Device == "cpu"), Row("cnn", "cuda:0", 9, 0.3)]));
        var cpuRun = new RunResults(Fingerprint(), CpuOnly());
        var verdicts = BlogClaims.Evaluate(CpuOnly(), "no NVIDIA driver", [new("cpu-box", "/nowhere", cpuRun), new("h200-box", "/nowhere", gpuRun)]);
        var cnn = Claim(verdicts, BlogClaims.CnnClaim);
        Assert.True(cnn.Held);
        Assert.StartsWith("On the committed run h200-box (this machine has no usable GPU)", cnn.Verdict);
        Assert.Null(Claim(verdicts, BlogClaims.MlpClaim).Held); // that run has no GPU row for the MLP
        // A reference without any GPU row is never used.
        Assert.All(BlogClaims.Evaluate(CpuOnly(), "no NVIDIA driver", [new("cpu-box", "/nowhere", cpuRun)]), v => Assert.Null(v.Held));
    }

    [Fact]
    public void Rows_without_a_spread_still_compare_but_say_the_noise_is_unknown()
    {
        var rows = new[] { Row("cnn", "cpu", 90) with { StepMs = null }, Row("cnn", "cuda:0", 9) with { StepMs = null } };
        var cnn = Claim(BlogClaims.Evaluate(rows), BlogClaims.CnnClaim);
        Assert.Contains("no spread saved in this run", cnn.Verdict);
        Assert.True(cnn.Held);
    }

    [Fact]
    public void Sweep_findings_say_not_measured_without_a_gpu_and_find_no_difference_inside_the_noise()
    {
        var sweep = new[] { Row("mlp", "cpu", 2, 0.1), Row("deep", "cpu", 330, 10), Row("mlp", "cuda", null) };
        var placement = new[] { Row("cnn", "cpu", 90, 6), Row("cnn", "cpu", 86, 6, placement: Placement.Streamed) };
        var findings = SweepFindings.Describe(sweep, [], placement).ToDictionary(f => f.Key, f => f.Value);
        Assert.StartsWith("not measured here: no usable GPU", findings["GPU"]);
        Assert.DoesNotContain("reference runs", findings["GPU"]);
        Assert.Contains("no measurable difference here between streamed data and resident data", findings["transfer overhead, cnn on cpu"]);
    }

    [Fact]
    public void Sweep_findings_name_the_crossover_only_beyond_the_noise_and_name_refused_models()
    {
        var refused = Row("deep", "cpu", null, status: RowStatus.Skipped("layers.conv2 (Conv2d, input 8×64×14×14 NCHW): forward off by 0.4"));
        var sweep = new[]
        {
            Row("mlp", "cpu", 2, 0.1), Row("cnn", "cpu", 90, 3), refused,
            Row("mlp", "cuda:0", 2.1, 0.2), Row("cnn", "cuda:0", 9, 0.3),
        };
        var batches = new[] { Row("mlp", "cpu", 1, 0.1, batch: 32), Row("mlp", "cpu", 8, 0.2, batch: 512) };
        var findings = SweepFindings.Describe(sweep, batches, []).ToDictionary(f => f.Key, f => f.Value);
        Assert.StartsWith("the GPU is faster from cnn", findings["crossover, cuda:0"]); // mlp: 2 ± 0.1 against 2.1 ± 0.2 is noise
        Assert.Contains("forward off by 0.4", findings["not timed, deep on cpu"]);
        // Per image: 1/32 ms at batch 32 against 8/512 at batch 512, 2x.
        Assert.Contains("batch 512 is 2.0x as fast as batch 32", findings["batch size, mlp on cpu"]);
    }

    [Fact]
    public void A_configuration_measured_by_two_sweeps_is_reported_as_agreeing_or_not()
    {
        var agree = SweepFindings.Describe([Row("cnn", "cpu", 90, 5)], [Row("cnn", "cpu", 93, 5)], []).ToDictionary(f => f.Key, f => f.Value);
        Assert.EndsWith("they agree within their noise", agree["measured twice, cnn at batch 128 (resident) on cpu"]);
        var differ = SweepFindings.Describe([Row("cnn", "cpu", 60, 2)], [Row("cnn", "cpu", 90, 2)], [Row("cnn", "cpu", 61, 2)]).ToDictionary(f => f.Key, f => f.Value);
        var line = differ["measured twice, cnn at batch 128 (resident) on cpu"];
        Assert.Contains("the size sweep's is 1.5x as fast as the batch sweep's", line);
        Assert.Contains("placement 61.00 ms", line);
    }

    [Fact]
    public void Accuracy_after_a_few_batches_is_not_shown_and_says_why()
    {
        var estimated = Row("deep", "cpu", 330, 10, status: RowStatus.Estimated(5), accuracy: 0.126);
        Assert.Null(estimated.ShownAccuracy);
        Assert.Equal("n/a: 5 batches of training", estimated.AccuracyText);
        Assert.Equal("98.00%", Row("cnn", "cpu", 90).AccuracyText);
        Assert.Equal("15.30% after 8 batches", (Row("lenet", "cpu", 30, accuracy: 0.153) with { TrainImages = 1024 }).AccuracyText);
        Assert.Equal("15.30% after 10 batches", (Row("lenet", "cpu", 30, accuracy: 0.153) with { TrainImages = 600, Epochs = 2 }).AccuracyText);
        var chart = Charts.Accuracy([Row("cnn", "cpu", 90) with { TrainImages = 2_000 }, estimated with { TrainImages = 2_000 }]);
        Assert.Contains("2,000 training images (the blog's epoch: 60,000)", chart.Title);
        Assert.Contains("not shown: deep on cpu (n/a: 5 batches of training)", chart.Title);
        Assert.DoesNotContain("12.6", chart.Fragment);
    }

    [Fact]
    public void A_spread_is_the_median_and_quartiles_and_separates_only_without_overlap()
    {
        var s = Spread.Of([5, 1, 4, 2, 3, double.NaN]);
        Assert.Equal(new Spread(3, 2, 4, 5), s);
        Assert.Equal("3.0 ms (IQR 2.0-4.0, 5 steps)", s.Describe("ms"));
        Assert.True(Steps(10, 1).SeparatesFrom(Steps(13, 1)));
        Assert.False(Steps(10, 2).SeparatesFrom(Steps(13, 2)));
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
        var comparison = SpeedComparison.Of("a", Steps(10, 1), "b", Steps(30, 1));
        Assert.Equal(3, comparison.SpeedupOf("a"));
        Assert.Equal(1 / 3.0, comparison.SpeedupOf("b"));
        Assert.Null(SpeedComparison.Of("a", Steps(10, 3), "b", Steps(12, 3)).SpeedupOf("a"));
    }

    /// <summary>The environment of a committed reference run: any real one serves, the claims read only the rows.</summary>
    static EnvironmentFingerprint Fingerprint() => ReferenceResults.Load(Path.Combine(Repo.Root, "data", "results"))[0].Results.Environment;
}

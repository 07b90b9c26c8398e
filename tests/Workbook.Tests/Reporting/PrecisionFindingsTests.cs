using Workbook.Benchmarks;
using Workbook.Gate;
using Workbook.Reporting;
using Workbook.Training;

namespace Workbook.Tests.Reporting;

/// <summary>Notebook 04's precision sentences: a speed is compared only when the spreads separate, an accuracy gap is
/// computed, and a bf16 run that was refused says why instead of a number.</summary>
public class PrecisionFindingsTests
{
    static ResultRow Row(string precision, Spread? step, double? accuracy, RowStatus? status = null) => TestRows.Blog("cnn", "cpu", 1_199_882) with
    {
        ModelTitle = "Keras mnist_cnn",
        DeviceName = "a CPU",
        Precision = precision,
        EpochSeconds = step is null ? null : step.Median * 469 / 1000,
        StepMs = step,
        TestAccuracy = accuracy,
        Status = status ?? RowStatus.Ok,
    };

    static readonly (IReadOnlyList<double>, IReadOnlyList<double>) Matmul = ([0.010, 0.011, 0.010, 0.012, 0.011], [0.90, 0.95, 0.92, 0.91, 0.93]);

    static string Finding(IReadOnlyList<(string Key, string Value)> findings, string key) => findings.Single(f => f.Key == key).Value;

    [Fact]
    public void Separated_steps_give_a_ratio_and_the_accuracies_their_gap()
    {
        var findings = PrecisionFindings.Describe("AVX512_BF16", [], Matmul,
            ([Row("float32", new Spread(119, 117, 121, 20), 0.9805)], [Row("bf16 mixed", new Spread(70, 69, 72, 20), 0.9791)]));
        Assert.Equal("yes: AVX512_BF16", Finding(findings, "bf16 in this CPU"));
        Assert.StartsWith("bf16 is 1.7x as fast as float32", Finding(findings, "training step on cpu"));
        Assert.Equal("float32 98.05 %, bf16 97.91 %: 0.14 points apart, same seed and batches", Finding(findings, "test accuracy on cpu"));
        Assert.StartsWith("float32 is 8", Finding(findings, "512² matmul"));
    }

    [Fact]
    public void Overlapping_steps_are_no_measurable_difference()
    {
        var findings = PrecisionFindings.Describe("AMX-BF16", [], Matmul,
            ([Row("float32", new Spread(100, 90, 110, 20), 0.98)], [Row("bf16 mixed", new Spread(95, 85, 105, 20), 0.98)]));
        Assert.StartsWith("no measurable difference here between bf16 and float32", Finding(findings, "training step on cpu"));
    }

    [Fact]
    public void A_refused_bf16_run_is_not_compared_and_says_why()
    {
        var findings = PrecisionFindings.Describe(null, [], Matmul,
            ([Row("float32", new Spread(119, 117, 121, 20), 0.98)], [Row("bf16", null, null, RowStatus.Skipped("bf16 is not offered on this CPU"))]));
        Assert.StartsWith("no:", Finding(findings, "bf16 in this CPU"));
        Assert.Contains("bf16 is not offered on this CPU", Finding(findings, "training on cpu"));
        Assert.DoesNotContain(findings, f => f.Key.StartsWith("test accuracy", StringComparison.Ordinal));
    }
}

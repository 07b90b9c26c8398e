using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Training;

namespace Workbook.Reporting;

/// <summary>
/// Notebook 04's precision section in sentences, each computed from what the page measured: the formats' errors against
/// float64, a matmul timed in each, and the same training run in each. A speed is compared only when the spreads separate.
/// </summary>
public static class PrecisionFindings
{
    /// <param name="checks">The same model checked in float32 and in bf16.</param>
    /// <param name="matmul">Seconds of the same matmul, run several times, in float32 and in bf16.</param>
    /// <param name="runs">The same plan trained in float32 and in bf16 (a bf16 row is skipped, with the reason, where it is not offered).</param>
    public static IReadOnlyList<(string Key, string Value)> Describe(string? bf16Instructions, IReadOnlyList<WorkloadVerdict> checks,
        (IReadOnlyList<double> Float32, IReadOnlyList<double> Bf16) matmul,
        (IReadOnlyList<ResultRow> Float32, IReadOnlyList<ResultRow> Bf16) runs)
    {
        var findings = new List<(string, string)>
        {
            ("bf16 in this CPU", bf16Instructions is null ? "no: it reports neither AVX512_BF16 nor AMX-BF16, so libtorch converts bf16 to float32 and back"
                : $"yes: {bf16Instructions}"),
        };
        foreach (var v in checks)
            findings.Add(($"{v.Model} in {v.Precision.Name()}", $"{(v.Correct ? "correct" : "WRONG")}: each layer alone within {v.WorstLayer?.Error ?? 0:G2} of float64 " +
                $"(tolerance {v.WorstLayer?.Tolerance ?? v.Tolerance:G2}), the whole step's {v.Worst} {v.MaxRelativeError:G2} (tolerance {v.Tolerance:G2})"));
        findings.Add(("512² matmul", SpeedComparison.Of("float32", Spread.Of(matmul.Float32), "bf16", Spread.Of(matmul.Bf16)).Sentence));

        foreach (var f32 in runs.Float32)
        {
            var device = f32.Device;
            var bf16 = runs.Bf16.FirstOrDefault(r => r.Model == f32.Model && r.Device == device && r.BatchSize == f32.BatchSize);
            if (bf16 is null || !f32.Measured) continue; // a device that trained nothing (no GPU) is explained by its own rows
            if (!bf16.Measured)
            {
                findings.Add(($"training on {device}", $"not compared: the bf16 run was {bf16.Status}"));
                continue;
            }
            if (f32.StepMs is { } a && bf16.StepMs is { } b)
                findings.Add(($"training step on {device}", SpeedComparison.Of("bf16", b, "float32", a).Sentence));
            if (f32.TestAccuracy is { } fa && bf16.TestAccuracy is { } ba)
                findings.Add(($"test accuracy on {device}", $"float32 {fa:P2}, bf16 {ba:P2}: {100 * Math.Abs(fa - ba):F2} points apart, same seed and batches"));
        }
        return findings;
    }
}

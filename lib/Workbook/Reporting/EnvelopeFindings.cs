using Workbook.Benchmarks.Envelope;

namespace Workbook.Reporting;

/// <summary>
/// The envelope's sentences, each computed from the counts, the measurements and the prediction beside it. A
/// comparison ("x times faster") is made only when the two numbers separate: a prediction outside the measured range,
/// or, for a row saved without its steps' range, outside a factor of 2 either way (two-core machines here varied 2x
/// with the other core busy, FACTS.md).
/// </summary>
public static class EnvelopeFindings
{
    /// <summary>The band used when a measured step kept no range.</summary>
    public const double NoSpreadBand = 2;

    /// <summary>Where no committed run measured a GPU step to put beside the prediction.</summary>
    public static string NoGpuRun { get; } = NotMeasured.Here("no GPU run to compare with");

    public static IReadOnlyList<(string Key, string Value)> Describe(IEnumerable<EnvelopeRow> rows) =>
        [.. rows.SelectMany(r => new[] { Cpu(r) }.OfType<(string, string)>().Concat(r.Predictions.Select(p => Gpu(r, p))))];

    /// <summary>The CPU's step against its FMA peak; null without a CPU measurement.</summary>
    public static (string Key, string Value)? Cpu(EnvelopeRow row)
    {
        if (row.Cpu is not { } c) return null;
        var share = c.PercentOfPeak is { } p
            ? $"{Percent(p)} of the peak"
            : "faster than the peak allows: the FLOP count or the peak is wrong, so no share is given";
        return ($"{row.Model} on this CPU",
            $"{Gflop(c.Flops)} per step would take {Time(c.AtPeakSeconds)} at the FMA peak of {c.PeakGflops:F0} GFLOP/s ({c.Threads} threads); " +
            $"measured {Step(c.Measured)}: {share}.");
    }

    /// <summary>The prediction for one GPU: its dominant term, the speedup over this CPU (where it separates), and the measured step beside it.</summary>
    public static (string Key, string Value) Gpu(EnvelopeRow row, GpuPrediction p)
    {
        var (term, share) = p.Dominant;
        var what = share > 0.5 ? $"{term} dominate{(term == "launches" ? "" : "s")} ({Percent(100 * share)})" : $"no term dominates (largest: {term}, {Percent(100 * share)})";
        var parts = $"predicted {Time(p.StepSeconds)} per step ({Time(p.ArithmeticSeconds)} arithmetic + {Time(p.MemorySeconds)} memory + " +
                    $"{p.Launches} launches x {Time(p.Launch.Seconds)} = {Time(p.LaunchSeconds)}): {what}";
        return ($"{row.Model} on {p.Gpu.Name}", $"{parts}; {AgainstCpu(row, p)}; {AgainstMeasured(row.MeasuredOn(p), p)}.");
    }

    /// <summary>The predicted GPU step against this CPU's measured one.</summary>
    public static string AgainstCpu(EnvelopeRow row, GpuPrediction p)
    {
        if (row.Cpu is not { } c) return "no CPU step measured here to compare with";
        var m = c.Measured;
        var (low, high) = Range(m);
        var band = m.HasSpread ? $"its range {Time(low)}-{Time(high)} over {m.Steps} steps" : $"a factor of {NoSpreadBand:F0} either way, no range recorded";
        if (p.StepSeconds < low) return $"{Times(m.Median / p.StepSeconds)} faster than this CPU's {Time(m.Median)} (outside {band})";
        if (p.StepSeconds > high) return $"{Times(p.StepSeconds / m.Median)} slower than this CPU's {Time(m.Median)} (outside {band})";
        return $"no difference predicted from this CPU's {Time(m.Median)} (inside {band})";
    }

    /// <summary>The measured GPU step beside the prediction, with the error, or why there is none.</summary>
    public static string AgainstMeasured(GpuRun? run, GpuPrediction p)
    {
        if (run is null) return NoGpuRun;
        var m = run.Step;
        var error = (p.StepSeconds - m.Median) / m.Median;
        var verdict = m.Contains(p.StepSeconds) switch
        {
            true => "inside the measured range",
            false => $"outside the measured range {Time(m.Low!.Value)}-{Time(m.High!.Value)} over {m.Steps} steps",
            null => Math.Max(p.StepSeconds / m.Median, m.Median / p.StepSeconds) <= NoSpreadBand
                ? $"within a factor of {NoSpreadBand:F0} (no range recorded)"
                : $"more than a factor of {NoSpreadBand:F0} off (no range recorded)",
        };
        return $"measured {Time(m.Median)} on {run.DeviceName} ({m.Source}): the prediction is off by {error:+0%;-0%;0%}, {verdict}";
    }

    static (double Low, double High) Range(MeasuredStep m) =>
        m.HasSpread ? (m.Low!.Value, m.High!.Value) : (m.Median / NoSpreadBand, m.Median * NoSpreadBand);

    static string Step(MeasuredStep m) => m.HasSpread
        ? $"{Time(m.Median)} (median of {m.Steps} steps, {Time(m.Low!.Value)}-{Time(m.High!.Value)})"
        : $"{Time(m.Median)} ({m.Source}, no range recorded)";

    /// <summary>A percentage with the digits that keep a small share from reading as 0%.</summary>
    public static string Percent(double percent) => percent < 1 ? $"{percent:F2}%" : $"{percent:F0}%";

    static string Gflop(double flops) => flops >= 1e9 ? $"{flops / 1e9:F2} GFLOP" : $"{flops / 1e6:F1} MFLOP";

    static string Times(double ratio) => ratio >= 10 ? $"{ratio:F0}x" : $"{ratio:F1}x";

    /// <summary>Seconds in the unit that reads best: µs, ms or s, three significant figures.</summary>
    public static string Time(double seconds) => seconds switch
    {
        < 1e-3 => $"{Sig(seconds * 1e6)} µs",
        < 1 => $"{Sig(seconds * 1e3)} ms",
        _ => $"{Sig(seconds)} s",
    };

    static string Sig(double v) => v >= 100 ? $"{v:F0}" : v >= 10 ? $"{v:F1}" : $"{v:F2}";
}

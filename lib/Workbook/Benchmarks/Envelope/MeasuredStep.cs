namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// A measured training step: the median seconds and, when the individual steps were kept, their range (min-max) and
/// count. A row saved by a benchmark keeps only its epoch time, so its step has no spread.
/// </summary>
public sealed record MeasuredStep(double Median, double? Low, double? High, int? Steps, string Source)
{
    public bool HasSpread => Low is not null && High is not null;

    public static MeasuredStep FromSteps(IEnumerable<double> stepSeconds, string source)
    {
        var sorted = stepSeconds.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("no steps were timed", nameof(stepSeconds));
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return new MeasuredStep(median, sorted[0], sorted[^1], sorted.Count, source);
    }

    /// <summary>A saved row's step: its epoch time over its steps per epoch (a mean, no spread).</summary>
    public static MeasuredStep? FromRow(ResultRow row, string source) =>
        row.EpochSeconds is { } epoch && row.TrainImages > 0 && row.BatchSize > 0
            ? new MeasuredStep(epoch / Math.Ceiling(row.TrainImages / (double)row.BatchSize), null, null, null, source)
            : null;

    /// <summary>Whether <paramref name="seconds"/> lies inside the measured range (null when no range was kept).</summary>
    public bool? Contains(double seconds) => HasSpread ? seconds >= Low && seconds <= High : null;
}

using Workbook.Training;

namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// A measured training step: the median seconds and, when the individual steps were kept, their interquartile range
/// and count (the workbook's one <see cref="Spread"/>). A row saved before steps were timed one by one keeps only its
/// epoch time, so its step has no spread.
/// </summary>
public sealed record MeasuredStep(double Median, double? Low, double? High, int? Steps, string Source)
{
    public bool HasSpread => Low is not null && High is not null;

    public static MeasuredStep FromSteps(IEnumerable<double> stepSeconds, string source) => From(Spread.Of(stepSeconds), source);

    static MeasuredStep From(Spread seconds, string source) => new(seconds.Median, seconds.Low, seconds.High, seconds.Count, source);

    /// <summary>A saved row's step: its step spread when it has one, else its epoch time over its steps per epoch (a mean, no spread).</summary>
    public static MeasuredStep? FromRow(ResultRow row, string source) =>
        row.StepMs is { } ms ? From(ms.Scale(1e-3), source)
        : row.EpochSeconds is { } epoch && row.TrainImages > 0 && row.BatchSize > 0
            ? new MeasuredStep(epoch / Math.Ceiling(row.TrainImages / (double)row.BatchSize), null, null, null, source)
            : null;

    /// <summary>Whether <paramref name="seconds"/> lies inside the measured range (null when no range was kept).</summary>
    public bool? Contains(double seconds) => HasSpread ? seconds >= Low && seconds <= High : null;
}

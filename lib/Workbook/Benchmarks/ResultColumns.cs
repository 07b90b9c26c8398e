namespace Workbook.Benchmarks;

/// <summary>
/// The columns of results.csv and of the results table the notebooks and the report show, defined once: the store writes
/// them as CSV (<see cref="ResultsCsv"/>) and Reporting builds its DataFrame from them (Reporting/Tables/ResultFrame.cs).
/// "epoch s" is per epoch; "total s" is all epochs together.
/// </summary>
public static class ResultColumns
{
    public static IReadOnlyList<ResultColumn> All { get; } =
    [
        ResultColumn.Of("model", r => r.Model),
        ResultColumn.Of("device", r => r.Device),
        ResultColumn.Of("device name", r => r.DeviceName),
        ResultColumn.Of<int?>("batch size", r => r.BatchSize),
        ResultColumn.Of<int?>("epochs", r => r.Epochs),
        ResultColumn.Of("placement", r => r.Placement.ToString()),
        ResultColumn.Of<int?>("train images", r => r.TrainImages),
        ResultColumn.Of("warm-up s", r => Round(r.WarmupSeconds, 3)),
        ResultColumn.Of("epoch s", r => Round(r.EpochSeconds, 3)),
        ResultColumn.Of("total s", r => Round(r.TotalSeconds, 3)),
        ResultColumn.Of("samples/s", r => Round(r.SamplesPerSecond, 1)),
        ResultColumn.Of("step ms", r => Round(r.StepMs?.Median, 2)),
        ResultColumn.Of("step ms IQR", r => r.StepMs is { } s ? $"{s.Low:F2}-{s.High:F2}" : ""),
        ResultColumn.Of("steps timed", r => r.StepMs?.Count),
        ResultColumn.Of("speedup", r => Round(r.Speedup, 2)),
        ResultColumn.Of("test accuracy", r => Round(r.ShownAccuracy, 4)),
        ResultColumn.Of<long?>("parameters", r => r.Parameters),
        ResultColumn.Of("GFLOP/s", r => Round(r.GflopsPerSecond, 1)),
        ResultColumn.Of("precision", r => r.Precision ?? ""),
        ResultColumn.Of("speed-ups", r => r.SpeedUps ?? ""),
        ResultColumn.Of("status", r => r.Status.ToString()),
    ];

    /// <summary>Decimal, so the CSV says 771.2 and not 771.20000000000005 (the JSON keeps the full doubles).</summary>
    static decimal? Round(double? value, int digits) => value is { } v && double.IsFinite(v) ? Math.Round((decimal)v, digits) : null;
}

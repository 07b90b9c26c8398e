using Microsoft.Data.Analysis;

namespace Workbook.Benchmarks;

/// <summary>Result rows as a DataFrame: the table the CSV, the notebooks and the report all show. "epoch s" is per
/// epoch; "total s" is all epochs together.</summary>
public static class ResultFrame
{
    public static DataFrame From(IEnumerable<ResultRow> results)
    {
        var rows = results.ToList();
        return new DataFrame(
            new StringDataFrameColumn("model", rows.Select(r => r.Model)),
            new StringDataFrameColumn("device", rows.Select(r => r.Device)),
            new StringDataFrameColumn("device name", rows.Select(r => r.DeviceName)),
            new Int32DataFrameColumn("batch size", rows.Select(r => r.BatchSize)),
            new Int32DataFrameColumn("epochs", rows.Select(r => r.Epochs)),
            new StringDataFrameColumn("placement", rows.Select(r => r.Placement.ToString())),
            new Int32DataFrameColumn("train images", rows.Select(r => r.TrainImages)),
            new DecimalDataFrameColumn("warm-up s", rows.Select(r => Round(r.WarmupSeconds, 3))),
            new DecimalDataFrameColumn("epoch s", rows.Select(r => Round(r.EpochSeconds, 3))),
            new DecimalDataFrameColumn("total s", rows.Select(r => Round(r.TotalSeconds, 3))),
            new DecimalDataFrameColumn("samples/s", rows.Select(r => Round(r.SamplesPerSecond, 1))),
            new DecimalDataFrameColumn("step ms", rows.Select(r => Round(r.StepMs?.Median, 2))),
            new StringDataFrameColumn("step ms IQR", rows.Select(r => r.StepMs is { } s ? $"{s.Low:F2}-{s.High:F2}" : "")),
            new Int32DataFrameColumn("steps timed", rows.Select(r => r.StepMs?.Count)),
            new DecimalDataFrameColumn("speedup", rows.Select(r => Round(r.Speedup, 2))),
            new DecimalDataFrameColumn("test accuracy", rows.Select(r => Round(r.ShownAccuracy, 4))),
            new Int64DataFrameColumn("parameters", rows.Select(r => r.Parameters)),
            new DecimalDataFrameColumn("GFLOP/s", rows.Select(r => Round(r.GflopsPerSecond, 1))),
            new StringDataFrameColumn("precision", rows.Select(r => r.Precision ?? "")),
            new StringDataFrameColumn("speed-ups", rows.Select(r => r.SpeedUps ?? "")),
            new StringDataFrameColumn("status", rows.Select(r => r.Status.ToString())));
    }

    /// <summary>Decimal, so the CSV says 771.2 and not 771.20000000000005 (the JSON keeps the full doubles).</summary>
    static decimal? Round(double? value, int digits) => value is { } v && double.IsFinite(v) ? Math.Round((decimal)v, digits) : null;
}

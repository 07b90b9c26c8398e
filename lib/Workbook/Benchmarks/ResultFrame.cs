using Microsoft.Data.Analysis;

namespace Workbook.Benchmarks;

/// <summary>Result rows as a DataFrame: the table the CSV, the notebooks and the report all show.</summary>
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
            new StringDataFrameColumn("placement", rows.Select(r => r.Placement)),
            new Int32DataFrameColumn("train images", rows.Select(r => r.TrainImages)),
            new DoubleDataFrameColumn("warm-up s", rows.Select(r => Round(r.WarmupSeconds, 3))),
            new DoubleDataFrameColumn("epoch s", rows.Select(r => Round(r.EpochSeconds, 3))),
            new DoubleDataFrameColumn("samples/s", rows.Select(r => Round(r.SamplesPerSecond, 1))),
            new DoubleDataFrameColumn("speedup", rows.Select(r => Round(r.Speedup, 2))),
            new DoubleDataFrameColumn("test accuracy", rows.Select(r => Round(r.TestAccuracy, 4))),
            new Int64DataFrameColumn("parameters", rows.Select(r => r.Parameters)),
            new DoubleDataFrameColumn("GFLOP/s", rows.Select(r => Round(r.GflopsPerSecond, 1))),
            new StringDataFrameColumn("status", rows.Select(r => r.Status)));
    }

    static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;
}

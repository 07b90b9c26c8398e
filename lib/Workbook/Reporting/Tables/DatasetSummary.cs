using Microsoft.Data.Analysis;
using Workbook.Data;
using static TorchSharp.torch;

namespace Workbook.Reporting;

/// <summary>A split at a glance: how many images, pixel mean and standard deviation, and images per digit.</summary>
public static class DatasetSummary
{
    public static DataFrame Of(params MnistSplit[] splits)
    {
        using var scope = NewDisposeScope();
        var counts = splits.Select(s => s.ClassCounts()).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("split", splits.Select(s => s.Name)),
            new Int32DataFrameColumn("images", splits.Select(s => s.Count)),
            new DoubleDataFrameColumn("pixel mean", splits.Select(s => Math.Round(s.Images.mean().item<float>(), 4))),
            new DoubleDataFrameColumn("pixel std", splits.Select(s => Math.Round(s.Images.std().item<float>(), 4))),
        };
        for (var digit = 0; digit < MnistSplit.Classes; digit++)
            columns.Add(new Int64DataFrameColumn($"{digit}s", counts.Select(c => c[digit])));
        return new DataFrame(columns);
    }
}

using Microsoft.Data.Analysis;
using Workbook.Models;
using Workbook.Runtime;

namespace Workbook.Reporting;

/// <summary>The tables of notebooks 00 and 02: a model's layers, the baseline's confusion matrix, the version matrix.</summary>
public static class ModelTables
{
    /// <summary>The layer table (layer, kind, output shape, parameters, forward FLOPs).</summary>
    public static DataFrame Layers(WorkbookModel model) => new(
        new StringDataFrameColumn("layer", model.Layers.Select(l => l.Name)),
        new StringDataFrameColumn("kind", model.Layers.Select(l => l.Kind)),
        new StringDataFrameColumn("output shape", model.Layers.Select(l => l.Shape)),
        new Int64DataFrameColumn("parameters", model.Layers.Select(l => l.Parameters)),
        new Int64DataFrameColumn("forward FLOPs", model.Layers.Select(l => l.ForwardFlops)));

    /// <summary>Rows: true digit; columns: predicted digit.</summary>
    public static DataFrame Confusion(BaselineResult baseline)
    {
        var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("true digit", Enumerable.Range(0, 10)) };
        for (var p = 0; p < 10; p++)
        {
            var predicted = p;
            columns.Add(new Int64DataFrameColumn($"predicted {p}", baseline.ConfusionMatrix.Select(row => row[predicted])));
        }
        return new DataFrame(columns);
    }

    /// <summary>The blog's "match the versions" table for this stack (<see cref="VersionMatrix"/>).</summary>
    public static DataFrame Versions(RuntimeReport? runtime = null)
    {
        var rows = VersionMatrix.Rows(runtime);
        return new DataFrame(
            new StringDataFrameColumn("component", rows.Select(r => r.Component)),
            new StringDataFrameColumn("this machine", rows.Select(r => r.Version)),
            new StringDataFrameColumn("requires", rows.Select(r => r.Requires)));
    }
}

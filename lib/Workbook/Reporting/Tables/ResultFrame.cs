using Microsoft.Data.Analysis;
using Workbook.Benchmarks;

namespace Workbook.Reporting;

/// <summary>Result rows as a DataFrame: the table the notebooks and the report show, with the columns of results.csv
/// (<see cref="ResultColumns"/>, defined once in Benchmarks, where the store writes them).</summary>
public static class ResultFrame
{
    public static DataFrame From(IEnumerable<ResultRow> results)
    {
        var rows = results.ToList();
        return new DataFrame(ResultColumns.All.Select(c => Column(c, rows)));
    }

    static DataFrameColumn Column(ResultColumn column, IReadOnlyList<ResultRow> rows)
    {
        IEnumerable<T> Cells<T>() => rows.Select(r => (T)column.Value(r)!);
        return column.Type switch
        {
            var t when t == typeof(string) => new StringDataFrameColumn(column.Name, Cells<string>()),
            var t when t == typeof(int?) => new Int32DataFrameColumn(column.Name, Cells<int?>()),
            var t when t == typeof(long?) => new Int64DataFrameColumn(column.Name, Cells<long?>()),
            var t when t == typeof(decimal?) => new DecimalDataFrameColumn(column.Name, Cells<decimal?>()),
            _ => throw new NotSupportedException($"results column '{column.Name}' has cells of type {column.Type}: add its DataFrame column here"),
        };
    }
}

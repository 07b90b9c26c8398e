using System.Globalization;
using Microsoft.Data.Analysis;
using Workbook.Benchmarks;
using Workbook.Reporting;
using Workbook.Training;

namespace Workbook.Tests.Reporting;

/// <summary>results.csv and the results table have the same columns, defined once; the store writes the CSV without a table.</summary>
public class ResultTablesTests
{
    static IReadOnlyList<ResultRow> Reference => ResultsStore.Load(Path.Combine(Repo.Root, "data", "results", "debian12-epyc-2vcpu")).Rows;

    [Fact]
    public void The_stores_csv_is_what_the_tables_dataframe_saves()
    {
        var first = Reference[0];
        IReadOnlyList<ResultRow> rows =
        [
            .. Reference,
            first with { StepMs = new Spread(1.25, 1.2, 1.3, 40), Precision = "float32", Status = RowStatus.Estimated(20) },
            first with { DeviceName = "GPU \"A\", 2nd", Status = RowStatus.Failed("CUDA error, line 1\nline 2") },
        ];
        using var ours = new MemoryStream();
        ResultsCsv.Write(rows, ours);
        using var frames = new MemoryStream();
        DataFrame.SaveCsv(ResultFrame.From(rows), frames, cultureInfo: CultureInfo.InvariantCulture);
        Assert.Equal(System.Text.Encoding.ASCII.GetString(frames.ToArray()), System.Text.Encoding.UTF8.GetString(ours.ToArray()));
        Assert.Equal(ResultColumns.All.Select(c => c.Name), ResultFrame.From(rows).Columns.Select(c => c.Name));
    }

    [Fact]
    public void The_summary_shows_the_precision_once_a_row_is_not_plain_float32()
    {
        List<ResultRow> cpu = [.. Reference.Where(r => r.Device == "cpu").Select(r => r with { Precision = "float32" })];
        Assert.DoesNotContain("precision", ResultTables.Summary(cpu).Header);
        const string Bf16 = "bf16 mixed (float32 weights, loss and batch-norm statistics)";
        var table = ResultTables.Summary([.. cpu, cpu[1] with { Precision = Bf16 }]);
        var column = table.Header.ToList().IndexOf("precision");
        Assert.True(column > 0, string.Join(", ", table.Header));
        Assert.Equal([.. cpu.Select(_ => "float32"), Bf16], table.Rows.Select(r => r[column]));
    }
}

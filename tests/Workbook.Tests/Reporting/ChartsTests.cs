using Workbook.Benchmarks;
using Workbook.Reporting;
using Workbook.Training;

namespace Workbook.Tests.Reporting;

public class ChartsTests
{
    internal static IReadOnlyList<ResultRow> Rows() =>
    [
        Row("mlp", "cpu", 0.9, 0.95), Row("cnn", "cpu", 78, 0.98), Row("deep", "cpu", 310, 0.3),
        Row("mlp", "cuda:0", 1.4, 0.95), Row("cnn", "cuda:0", 7.5, 0.98),
        Row("deep", "cuda:0", null, null) with { Status = RowStatus.OutOfMemory },
    ];

    static ResultRow Row(string model, string device, double? seconds, double? accuracy) =>
        TestRows.Blog(model, device) with { EpochSeconds = seconds, TestAccuracy = accuracy };

    [Fact]
    public void Chart_fragments_reference_no_network_and_carry_their_data()
    {
        var rows = Speedups.Apply(Rows());
        foreach (var chart in new[] { Charts.EpochTime(rows), Charts.Speedup(rows), Charts.Accuracy(rows) })
        {
            Assert.DoesNotContain("http", chart.Fragment.Replace("http://www.w3.org", ""));
            Assert.Contains("Plotly.newPlot", chart.Fragment);
            Assert.Contains("var renderPlotly_", chart.Fragment);
            Assert.Contains("\"cnn\"", chart.Fragment);
        }
        Assert.Contains("10.4", Charts.Speedup(rows).Fragment); // 78 / 7.5
    }

    [Fact]
    public void Plotly_js_comes_from_the_package_and_defines_the_global_even_under_requirejs()
    {
        var tag = PlotlyJs.ScriptTag();
        Assert.True(PlotlyJs.Length > 1_000_000);
        Assert.StartsWith("<script", tag);
        Assert.Contains("(function (define, module, exports)", tag);
        Assert.DoesNotContain("src=", tag[..200]);
    }
}

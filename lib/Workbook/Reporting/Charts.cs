using Plotly.NET;
using Plotly.NET.CSharp;
using Workbook.Benchmarks;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Workbook.Reporting;

/// <summary>The workbook's charts, built once here so the notebooks, the CLI and the HTML report draw the same thing.</summary>
public static class Charts
{
    /// <summary>Epoch time per model, one bar per device (grouped): the blog's CPU-vs-GPU comparison.</summary>
    public static OfflineChart EpochTime(IReadOnlyList<ResultRow> rows) =>
        Grouped("Epoch time by model and device (seconds, lower is better)", rows, r => r.EpochSeconds, "seconds per epoch", log: true);

    /// <summary>How many times faster than the CPU, per model and non-CPU device; the CPU is the 1x line.</summary>
    public static OfflineChart Speedup(IReadOnlyList<ResultRow> rows) =>
        Grouped("Speedup over the CPU (x, higher is better)", rows, r => r.Speedup, "x faster than the CPU");

    public static OfflineChart Accuracy(IReadOnlyList<ResultRow> rows) =>
        Grouped("Test accuracy after training (%)", rows, r => r.TestAccuracy * 100, "test accuracy %");

    static OfflineChart Grouped(string title, IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> value, string axis, bool log = false)
    {
        var measured = rows.Where(r => value(r) is not null).ToList();
        var traces = measured.GroupBy(r => Label(r)).Select(g =>
            CSharpChart.Column<double, string, string>(
                values: g.Select(r => value(r)!.Value).ToArray(),
                Keys: g.Select(r => r.Model).ToArray(),
                Name: g.Key,
                MultiText: g.Select(r => $"{value(r)!.Value:G3}").ToArray()));
        var chart = CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "model")
            .WithYAxisStyle<double, double, string>(TitleText: axis, AxisType: log ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
        return new OfflineChart(title, Styled(chart, title, grouped: true));
    }

    /// <summary>Time per epoch against model size (training GFLOP per image), one line per device: where the lines cross
    /// is where the GPU starts to win.</summary>
    public static OfflineChart Crossover(IReadOnlyList<SweepPoint> points, string title = "Epoch time against model size")
    {
        var traces = points.Where(p => p.EpochSeconds is not null).GroupBy(p => p.Series).Select(g =>
        {
            var ordered = g.OrderBy(p => p.GflopPerImage).ToList();
            return CSharpChart.Line<double, double, string>(
                x: ordered.Select(p => p.GflopPerImage).ToArray(),
                y: ordered.Select(p => p.EpochSeconds!.Value).ToArray(),
                Name: g.Key, ShowMarkers: true,
                MultiText: ordered.Select(p => p.Model).ToArray());
        });
        var chart = CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "training GFLOP per image (model size)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "seconds per epoch", AxisType: StyleParam.AxisType.Log);
        return new OfflineChart(title, Styled(chart, title, grouped: false));
    }

    /// <summary>Training throughput against batch size, one line per device and model.</summary>
    public static OfflineChart BatchScaling(IReadOnlyList<ResultRow> rows)
    {
        const string title = "Training throughput against batch size (images/s, higher is better)";
        var traces = rows.Where(r => r.SamplesPerSecond is not null).GroupBy(r => $"{r.Model} on {Label(r)}").Select(g =>
        {
            var ordered = g.OrderBy(r => r.BatchSize).ToList();
            return CSharpChart.Line<int, double, string>(x: ordered.Select(r => r.BatchSize).ToArray(),
                y: ordered.Select(r => r.SamplesPerSecond!.Value).ToArray(), Name: g.Key, ShowMarkers: true);
        });
        var chart = CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "batch size", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "images per second");
        return new OfflineChart(title, Styled(chart, title, grouped: false));
    }

    /// <summary>Images per class in each split.</summary>
    public static OfflineChart ClassDistribution(IReadOnlyDictionary<string, long[]> countsBySplit)
    {
        var digits = Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray();
        var traces = countsBySplit.Select(s => CSharpChart.Column<long, string, string>(values: s.Value, Keys: digits, Name: s.Key));
        const string title = "Images per digit";
        var chart = CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "digit")
            .WithYAxisStyle<double, double, string>(TitleText: "images");
        return new OfflineChart(title, Styled(chart, title, grouped: true));
    }

    /// <summary>Title and bar mode: Plotly.NET's C# layer has no fluent call for them, so they go on the layout object.</summary>
    static GenericChart Styled(GenericChart chart, string title, bool grouped)
    {
        var layout = new Layout();
        var heading = new Title();
        heading.SetProperty("text", title);
        layout.SetProperty("title", heading);
        if (grouped) layout.SetProperty("barmode", "group");
        return GenericChart.addLayout(layout, chart);
    }

    static string Label(ResultRow r) =>
        (r.Device == "cpu" ? "CPU" : $"{r.Device} ({r.DeviceName})") + (r.Placement == "Streamed" ? ", streamed" : "");
}

/// <summary>One point of a size sweep: a model variant of some size trained on a device.</summary>
public sealed record SweepPoint(string Series, string Model, double GflopPerImage, double? EpochSeconds);

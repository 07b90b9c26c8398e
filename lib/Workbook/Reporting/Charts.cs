using System.Globalization;
using System.Text.Json.Nodes;
using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Training;

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

    /// <summary>Test accuracy where it means something (<see cref="ResultRow.ShownAccuracy"/>); the title names the rows
    /// left out because their epoch was extrapolated from a few batches, and the training set when it was cut short.</summary>
    public static OfflineChart Accuracy(IReadOnlyList<ResultRow> rows)
    {
        var left = rows.Where(r => r.TestAccuracy is not null && r.ShownAccuracy is null).Select(r => $"{r.Model} on {r.Device} ({r.AccuracyText})").ToList();
        var images = rows.Where(r => r.ShownAccuracy is not null).Select(r => r.TrainImages).Distinct().ToList();
        var title = "Test accuracy after one epoch (%)"
            + (images is [var n] && n < Data.MnistFile.TrainImages.Count ? $", {n:N0} training images (the blog's epoch: {Data.MnistFile.TrainImages.Count:N0})" : "")
            + (left.Count > 0 ? $"; not shown: {string.Join(", ", left)}" : "");
        return Grouped(title, rows, r => r.ShownAccuracy * 100, "test accuracy %");
    }

    static OfflineChart Grouped(string title, IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> value, string axis, bool log = false)
    {
        var traces = new JsonArray();
        foreach (var g in rows.Where(r => value(r) is not null).GroupBy(Label))
            traces.Add(Bars(g.Key, g.Select(r => r.Model), g.Select(r => value(r)!.Value)));
        return new OfflineChart(title, traces, Axes("model", axis, yLog: log, barmode: "group"));
    }

    /// <summary>Time per epoch against model size (training GFLOP per image), one line per device: where the lines cross
    /// is where the GPU starts to win.</summary>
    public static OfflineChart Crossover(IReadOnlyList<SweepPoint> points, string title = "Epoch time against model size")
    {
        var traces = new JsonArray();
        foreach (var g in points.Where(p => p.EpochSeconds is not null).GroupBy(p => p.Series))
        {
            var ordered = g.OrderBy(p => p.GflopPerImage).ToList();
            traces.Add(Line(g.Key, ordered.Select(p => p.GflopPerImage), ordered.Select(p => p.EpochSeconds!.Value), ordered.Select(p => p.Model)));
        }
        return new OfflineChart(title, traces, Axes("training GFLOP per image (model size)", "seconds per epoch", xLog: true, yLog: true));
    }

    /// <summary>Training throughput against batch size, one line per device and model.</summary>
    public static OfflineChart BatchScaling(IReadOnlyList<ResultRow> rows)
    {
        var traces = new JsonArray();
        foreach (var g in rows.Where(r => r.SamplesPerSecond is not null).GroupBy(r => $"{r.Model} on {Label(r)}"))
        {
            var ordered = g.OrderBy(r => r.BatchSize).ToList();
            traces.Add(Line(g.Key, ordered.Select(r => (double)r.BatchSize), ordered.Select(r => r.SamplesPerSecond!.Value)));
        }
        return new OfflineChart("Training throughput against batch size (images/s, higher is better)", traces,
            Axes("batch size", "images per second", xLog: true));
    }

    /// <summary>Images per class in each split.</summary>
    public static OfflineChart ClassDistribution(IReadOnlyDictionary<string, long[]> countsBySplit)
    {
        var digits = Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToList();
        var traces = new JsonArray();
        foreach (var (split, counts) in countsBySplit) traces.Add(Bars(split, digits, counts.Select(c => (double)c)));
        return new OfflineChart("Images per digit", traces, Axes("digit", "images", barmode: "group"));
    }

    static JsonObject Bars(string name, IEnumerable<string> x, IEnumerable<double> y)
    {
        var values = y.ToList();
        return new JsonObject
        {
            ["type"] = "bar",
            ["name"] = name,
            ["x"] = Array(x),
            ["y"] = Array(values),
            ["text"] = Array(values.Select(v => v.ToString("G3", CultureInfo.InvariantCulture))),
            ["textposition"] = "auto",
        };
    }

    static JsonObject Line(string name, IEnumerable<double> x, IEnumerable<double> y, IEnumerable<string>? labels = null)
    {
        var line = new JsonObject { ["type"] = "scatter", ["mode"] = "lines+markers", ["name"] = name, ["x"] = Array(x), ["y"] = Array(y) };
        if (labels is not null) line["text"] = Array(labels);
        return line;
    }

    static JsonObject Axes(string x, string y, bool xLog = false, bool yLog = false, string? barmode = null)
    {
        var layout = new JsonObject
        {
            ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = x }, ["type"] = xLog ? "log" : "-" },
            ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = y }, ["type"] = yLog ? "log" : "linear" },
        };
        if (barmode is not null) layout["barmode"] = barmode;
        return layout;
    }

    // The non-generic JsonValue.Create overloads: no reflection, so this also runs in the trimmed GPU bundle.
    static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    static string Label(ResultRow r) =>
        (DeviceNames.IsCpu(r.Device) ? "CPU" : $"{r.Device} ({r.DeviceName})") + (r.Placement == Placement.Streamed ? ", streamed" : "");
}

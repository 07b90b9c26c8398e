using System.Net;
using System.Text;
using Workbook.Benchmarks;
using Workbook.Models;

namespace Workbook.Reporting;

/// <summary>A saved run with the name it is shown under in a report.</summary>
public sealed record NamedRun(string Name, RunResults Results);

/// <summary>
/// One self-contained HTML file per run (or several runs side by side): plotly.js embedded once, the results table, the
/// charts, the environment fingerprint, the blog's claims judged by the numbers, and the run's warnings. Opens by
/// double-click on a machine with no network.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public static string Render(IReadOnlyList<NamedRun> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("a report needs at least one run", nameof(runs));
        var compare = runs.Count > 1;
        var rows = runs.SelectMany(r => r.Results.Rows.Select(row => compare ? row with { Device = $"{r.Name}: {row.Device}" } : row)).ToList();
        // Sweep rows (sized variants) go to the crossover chart; the blog's three models to the main charts.
        var main = rows.Where(r => ModelKeys.All.Contains(r.Model)).ToList();
        var sweep = rows.Where(r => !ModelKeys.All.Contains(r.Model)).ToList();

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(Title(runs))).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:14px}")
            .Append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}.warn{color:#8a5300}.held{color:#166b16}.failed{color:#a01010}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1em}</style>\n")
            .Append(PlotlyJs.ScriptTag()).Append("\n</head><body>\n");
        html.Append("<h1>").Append(Encode(Title(runs))).Append("</h1>\n<p>The blog's experiment (MNIST, batch 128, 1 epoch, 10 classes) ")
            .Append("timed with warm-up excluded and the device synchronised before each clock read. Generated ")
            .Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm")).Append(" UTC by the C# workbook.</p>\n");

        // "epoch s" is always per epoch; with more than one epoch the total gets its own, labelled column.
        var manyEpochs = rows.Any(r => r.Epochs > 1);
        html.Append("<h2>Results</h2>\n").Append(Table(
            ["run", "model", "device", "device name", "batch", "epochs", "placement", "images", "epoch s", .. (manyEpochs ? (string[])["total s"] : []),
                "step ms (IQR, steps)", "images/s", "speedup", "test acc.", "GFLOP/s", "status"],
            runs.SelectMany(r => r.Results.Rows.Select(x => (string[])
            [
                r.Name, x.Model, x.Device, x.DeviceName, x.BatchSize.ToString(), x.Epochs.ToString(), x.Placement.ToString(), x.TrainImages.ToString("N0"),
                Cells.Number(x.EpochSeconds, "F2"), .. (manyEpochs ? (string[])[Cells.Number(x.TotalSeconds, "F2")] : []),
                x.StepMs is { } step ? $"{step.Median:F1} ({step.Low:F1}-{step.High:F1}, {step.Count})" : "-",
                Cells.Number(x.SamplesPerSecond, "F0"), Cells.Number(x.Speedup, "F1", "x"), x.AccuracyText, Cells.Number(x.GflopsPerSecond, "F1"), x.Status.ToString(),
            ]))));

        html.Append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        var charts = new List<OfflineChart>();
        if (main.Count > 0) charts.AddRange([Charts.EpochTime(main), Charts.Speedup(main), Charts.Accuracy(main)]);
        if (sweep.Count > 0) charts.Add(Charts.Crossover(SizeSweep.Points(sweep)));
        foreach (var chart in charts) html.Append("<div class=\"chart\">").Append(chart.Fragment).Append("</div>\n");
        html.Append("</div>\n");

        html.Append("<h2>The blog's claims, judged by these numbers</h2>\n");
        foreach (var run in runs)
        {
            if (compare) html.Append("<h3>").Append(Encode(run.Name)).Append("</h3>\n");
            html.Append(Table(["the blog says", "verdict", "numbers"], BlogClaims.Evaluate(run.Results.Rows).Select(c => new[]
                { c.Claim, c.Held switch { true => "held", false => "did not hold", null => "untested" }, c.Verdict })));
        }

        var warnings = runs.SelectMany(r => r.Results.Rows.Where(x => x.Status.Kind != StatusKind.Ok)
            .Select(x => $"{(compare ? r.Name + ": " : "")}{x.Model} on {x.Device}: {x.Status}{(x.Message is null ? "" : $" ({x.Message})")}")).Distinct().ToList();
        html.Append("<h2>Warnings</h2>\n");
        html.Append(warnings.Count == 0 ? "<p>None: every configuration ran to completion.</p>\n"
            : "<ul class=\"warn\">" + string.Concat(warnings.Select(w => $"<li>{Encode(w)}</li>")) + "</ul>\n");

        html.Append("<h2>Environment</h2>\n");
        var fields = typeof(EnvironmentFingerprint).GetProperties();
        html.Append(Table(["", .. runs.Select(r => r.Name)],
            fields.Select(f => (string[])[f.Name, .. runs.Select(r => Convert.ToString(f.GetValue(r.Results.Environment), System.Globalization.CultureInfo.InvariantCulture) ?? "")])));
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Writes report.html atomically (never half a file) and returns its path.</summary>
    public static string Write(string path, IReadOnlyList<NamedRun> runs)
    {
        var text = Render(runs);
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(text)));
        return path;
    }

    /// <summary>A saved run's name in reports: its folder's name.</summary>
    public static string RunName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    /// <summary>Loads saved runs, named after their folders; errors name the bad file.</summary>
    public static IReadOnlyList<NamedRun> Load(IEnumerable<string> folders) => [.. folders.Select(f => new NamedRun(RunName(f), ResultsStore.Load(f)))];

    static string Title(IReadOnlyList<NamedRun> runs) => runs.Count == 1
        ? $"CPU vs GPU: {runs[0].Results.Environment.Cpu} / {runs[0].Results.Environment.Gpus}"
        : $"CPU vs GPU: {string.Join(" vs ", runs.Select(r => r.Name))}";

    static string Table(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var t = new StringBuilder("<table><thead><tr>");
        foreach (var h in header) t.Append("<th>").Append(Encode(h)).Append("</th>");
        t.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            t.Append("<tr>");
            foreach (var cell in row) t.Append("<td>").Append(Encode(cell)).Append("</td>");
            t.Append("</tr>");
        }
        return t.Append("</tbody></table>\n").ToString();
    }

    static string Encode(string s) => WebUtility.HtmlEncode(s);

}

using System.Globalization;
using System.Text.Json.Nodes;
using Workbook.Benchmarks;
using Workbook.Models;
using Workbook.Training;

namespace Workbook.Reporting;

/// <summary>
/// This machine's run beside the committed reference runs (data/results/&lt;machine&gt;/), so a laptop without a GPU still
/// sees the GPU side. Throughput (images per second) is compared rather than epoch time: it does not depend on how
/// many images a run trained on, so a quick run and a full reference run share one axis.
/// </summary>
public static class ReferenceComparison
{
    /// <summary>Images per second per model at batch 128 with resident data, one bar per machine and device.</summary>
    public static OfflineChart Throughput(IReadOnlyList<ResultRow> thisRun, IReadOnlyList<ReferenceRun> references)
    {
        var labelled = Comparable(thisRun).Select(r => (Label: $"this machine: {Device(r)}", Row: r))
            .Concat(references.SelectMany(run => Comparable(run.Results.Rows).Select(r => (Label: $"{run.Name}: {Device(r)}", Row: r))));
        var traces = new JsonArray();
        foreach (var g in labelled.GroupBy(p => p.Label))
        {
            var values = g.Select(p => p.Row.SamplesPerSecond!.Value).ToList();
            traces.Add(new JsonObject
            {
                ["type"] = "bar",
                ["name"] = g.Key,
                ["x"] = new JsonArray([.. g.Select(p => (JsonNode?)JsonValue.Create(p.Row.Model))]),
                ["y"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
                ["text"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v.ToString("N0", CultureInfo.InvariantCulture)))]),
                ["textposition"] = "auto",
            });
        }
        var layout = new JsonObject
        {
            ["barmode"] = "group",
            ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "model" } },
            ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "images per second (log)" }, ["type"] = "log" },
            ["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = -0.25 },
        };
        return new OfflineChart("Images per second: this machine and the reference runs", traces, layout);
    }

    /// <summary>One line saying which GPU numbers the chart can show: this machine's, a committed reference's, or none yet.</summary>
    public static string GpuNote(IReadOnlyList<ResultRow> thisRun, IReadOnlyList<ReferenceRun> references)
    {
        var here = thisRun.Any(r => r.Measured && r.OnGpu);
        var committed = references.Where(run => run.Results.Rows.Any(r => r.Measured && r.OnGpu)).Select(run => run.Name).ToList();
        return (here, committed.Count) switch
        {
            (true, 0) => "GPU bars: this machine's own. No GPU reference run is committed in data/results/ to compare with.",
            (true, _) => $"GPU bars: this machine's own, and the committed run(s) {string.Join(", ", committed)}.",
            (false, 0) => "No GPU numbers yet: this machine has no usable GPU and no GPU reference run is committed in data/results/.",
            (false, _) => $"This machine has no usable GPU; the GPU bars are the committed run(s) {string.Join(", ", committed)}.",
        };
    }

    static IEnumerable<ResultRow> Comparable(IEnumerable<ResultRow> rows) =>
        rows.Where(r => r.SamplesPerSecond is not null && r.BatchSize == 128 && r.Placement == Placement.Resident && r.Model is ModelKeys.Mlp or ModelKeys.Cnn or ModelKeys.Deep);

    static string Device(ResultRow r) => r.OnGpu ? $"{r.Device} ({r.DeviceName})" : "CPU";
}

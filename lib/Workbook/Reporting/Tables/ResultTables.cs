using Workbook.Benchmarks;
using Workbook.Devices;

namespace Workbook.Reporting;

/// <summary>The results tables the command line prints: one run's rows, and several runs side by side.</summary>
public static class ResultTables
{
    /// <summary>One run, narrow enough for an 80-column terminal: columns that are the same on every row go into the title.</summary>
    public static CellTable Summary(IReadOnlyList<ResultRow> rows)
    {
        var batches = rows.Select(r => r.BatchSize).Distinct().ToList();
        var placements = rows.Select(r => r.Placement.ToString().ToLowerInvariant()).Distinct().ToList();
        // "epoch s" is per epoch; with more than one epoch the time of all of them gets its own column.
        var manyEpochs = rows.Any(r => r.Epochs > 1);
        // The number format gets a column once a row is not plain float32 (bf16, or a GPU's TF32 convolutions).
        var formats = rows.Any(r => r.Precision is not null && r.Precision != Precision.Float32.Name());
        string[] header =
        [
            "model", "device", .. batches.Count > 1 ? ["batch"] : Array.Empty<string>(), .. placements.Count > 1 ? ["placement"] : Array.Empty<string>(),
            "epoch s", .. manyEpochs ? ["total s"] : Array.Empty<string>(), "step ms (IQR)", "images/s", "speedup", "test acc.", "GFLOP/s", .. formats ? ["precision"] : Array.Empty<string>(), "status",
        ];
        var cells = rows.Select(r => (IReadOnlyList<string>)
        [
            r.Model, r.Device, .. batches.Count > 1 ? [r.BatchSize.ToString()] : Array.Empty<string>(),
            .. placements.Count > 1 ? [r.Placement.ToString().ToLowerInvariant()] : Array.Empty<string>(),
            Cells.Number(r.EpochSeconds, "F2"), .. manyEpochs ? [Cells.Number(r.TotalSeconds, "F2")] : Array.Empty<string>(),
            Cells.Step(r), Cells.Number(r.SamplesPerSecond, "F0"), Cells.Number(r.Speedup, "F1", "x"), r.AccuracyText,
            Cells.Number(r.GflopsPerSecond, "F1"), .. formats ? [r.Precision ?? ""] : Array.Empty<string>(), r.Status.Label,
        ]).ToList();
        var notes = rows.Where(r => r.Status.Kind != StatusKind.Ok || r.Message is not null)
            .Select(r => $"{r.Model} on {r.Device}: {r.Status}{(r.Message is null ? "" : $" ({r.Message})")}").Distinct();
        return new($"CPU vs GPU: batch {string.Join("/", batches)}, {rows[0].Epochs} epoch(s), {string.Join("/", placements)} data",
            header, cells, string.Join("\n", notes));
    }

    /// <summary>Epoch seconds (images/s) per model, one column per run, device and placement that measured something.</summary>
    public static CellTable SideBySide(IReadOnlyList<NamedRun> runs)
    {
        var columns = runs.SelectMany(r => r.Results.Rows.Where(x => x.Measured).Select(x => (r.Name, x.Device, x.Placement))).Distinct().ToList();
        string[] header = ["model", .. columns.Select(c => $"{c.Name}: {c.Device}{(c.Placement == Training.Placement.Resident ? "" : $" {c.Placement.ToString().ToLowerInvariant()}")}")];
        var cells = runs.SelectMany(r => r.Results.Rows.Select(x => x.Model)).Distinct().Select(model => (IReadOnlyList<string>)
        [
            model, .. columns.Select(c => runs.First(r => r.Name == c.Name).Results.Rows
                .FirstOrDefault(x => x.Model == model && x.Device == c.Device && x.Placement == c.Placement && x.Measured) is { } x
                    ? $"{x.EpochSeconds:F2} ({x.SamplesPerSecond:F0})" : "-"),
        ]).ToList();
        return new("Side by side: epoch seconds (images/s)", header, cells);
    }
}

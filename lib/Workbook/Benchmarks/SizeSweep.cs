using Workbook.Devices;
using Workbook.Models;
using Workbook.Training;

namespace Workbook.Benchmarks;

/// <summary>
/// "When does the GPU win?": the same network family at growing width and depth, timed on each device, so a chart of
/// time against size shows where the lines cross.
/// </summary>
public static class SizeSweep
{
    /// <summary>MLPs from 784-32-10 to 784-1024x3-10 and deep CNNs from width 8 to 64: three orders of magnitude of FLOPs.</summary>
    public static IReadOnlyList<string> Models { get; } =
        ["mlp-32x1", "mlp-128x1", "mlp-512x2", "mlp-1024x3", ModelKeys.Cnn, "deep-w8x2", "deep-w16x3", "deep-w32x3", "deep-w64x3"];

    /// <summary>
    /// A speed-only plan: each configuration warmed up, timed for <paramref name="steps"/> batches on the CPU and its epoch
    /// extrapolated (GPUs run the whole epoch), no accuracy measured.
    /// </summary>
    public static BenchmarkPlan SpeedPlan(IEnumerable<string> models, IReadOnlyList<string> devices, int? trainLimit, int steps,
        IReadOnlyList<int>? batchSizes = null, IReadOnlyList<Placement>? placements = null) => new()
        {
            Models = [.. models],
            Devices = devices,
            BatchSizes = batchSizes ?? [128],
            Placements = placements ?? [Placement.Resident],
            TrainLimit = trainLimit,
            CpuEpochBudgetSeconds = 0,
            EstimateSteps = steps,
            WarmupSteps = Math.Min(3, steps),
            Evaluate = false,
        };

    /// <summary>One point per measured row whose training FLOPs are known: its series (device and placement), and its
    /// model's training GFLOP per image, read from the row (no model is built, so this needs no torch).</summary>
    public static IReadOnlyList<SweepPoint> Points(IEnumerable<ResultRow> rows) =>
        [.. rows.Where(r => r.Measured && r.TrainingFlopsPerImage is not null)
            .Select(r => new SweepPoint(Series(r), r.Model, r.TrainingFlopsPerImage!.Value / 1e9, r.EpochSeconds))];

    /// <summary>"CPU", "cuda:0", "cuda:0 streamed": the line a row belongs to in the sweep's chart.</summary>
    public static string Series(ResultRow r) =>
        (DeviceNames.IsCpu(r.Device) ? "CPU" : r.Device) + (r.Placement != Placement.Resident ? $" {r.Placement.ToString().ToLowerInvariant()}" : "");
}

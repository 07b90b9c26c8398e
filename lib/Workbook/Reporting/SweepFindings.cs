using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Training;

namespace Workbook.Reporting;

/// <summary>
/// Plain-language findings computed from the sweeps' rows, so the notebook's conclusion is this machine's, not the blog's.
/// A difference is stated only when the step times' interquartile ranges separate (<see cref="SpeedComparison"/>).
/// </summary>
public static class SweepFindings
{
    public static IReadOnlyList<(string Key, string Value)> Describe(IReadOnlyList<ResultRow> sweep, IReadOnlyList<ResultRow> batches, IReadOnlyList<ResultRow> placement)
    {
        var findings = new List<(string, string)>();
        var points = SizeSweep.Points(sweep);
        var gpuSeries = points.Select(p => p.Series).Distinct().Where(s => s != "CPU").ToList();
        var cpu = points.Where(p => p.Series == "CPU").OrderBy(p => p.GflopPerImage).ToList();
        if (cpu.Count >= 2)
        {
            var (small, large) = (cpu[0], cpu[^1]);
            findings.Add(("CPU, small to large", $"{small.Model}: {small.EpochSeconds:F2} s per epoch; {large.Model}: {large.EpochSeconds:F0} s, " +
                $"{large.EpochSeconds / small.EpochSeconds:F0}x longer for {large.GflopPerImage / small.GflopPerImage:F0}x the FLOPs"));
            var rate = sweep.Where(r => !r.OnGpu && r.GflopsPerSecond is not null).OrderBy(r => r.GflopsPerSecond).ToList();
            if (rate.Count > 1)
                findings.Add(("CPU efficiency", $"{rate[0].GflopsPerSecond:F1} GFLOP/s on {rate[0].Model} ({rate[0].GflopsPerSecond / rate[^1].GflopsPerSecond:P0} " +
                    $"of the best), up to {rate[^1].GflopsPerSecond:F1} on {rate[^1].Model}"));
        }
        if (gpuSeries.Count == 0)
            findings.Add(("GPU", NotMeasured.Here("no usable GPU on this machine, so no crossover was measured")));
        foreach (var series in gpuSeries)
            findings.Add(($"crossover, {series}", Crossover(sweep, series)));
        foreach (var group in batches.Where(r => r.StepMs is not null).GroupBy(r => (r.Model, r.Device)))
        {
            var ordered = group.OrderBy(r => r.BatchSize).ToList();
            if (ordered.Count < 2) continue;
            var (first, last) = (ordered[0], ordered[^1]);
            var comparison = SpeedComparison.Of($"batch {last.BatchSize}", PerImage(last), $"batch {first.BatchSize}", PerImage(first));
            findings.Add(($"batch size, {group.Key.Model} on {group.Key.Device}", $"{first.SamplesPerSecond:N0} images/s at batch {first.BatchSize}, " +
                $"{last.SamplesPerSecond:N0} at batch {last.BatchSize}: per image, {comparison.Sentence}"));
        }
        foreach (var group in placement.Where(r => r.StepMs is not null).GroupBy(r => (r.Model, r.Device)))
        {
            var resident = group.FirstOrDefault(r => r.Placement == Placement.Resident);
            var streamed = group.FirstOrDefault(r => r.Placement == Placement.Streamed);
            if (resident?.StepMs is null || streamed?.StepMs is null) continue;
            var comparison = SpeedComparison.Of("resident data", resident.StepMs, "streamed data", streamed.StepMs);
            findings.Add(($"transfer overhead, {group.Key.Model} on {group.Key.Device}",
                $"step {resident.StepMs.Describe("ms", "F2")} resident, {streamed.StepMs.Describe("ms", "F2")} streamed: {comparison.Sentence}" +
                (DeviceNames.IsCpu(group.Key.Device) ? " (on a CPU streaming copies nothing to another device: only a gather of the batch)" : "")));
        }
        findings.AddRange(Repeated(sweep, batches, placement));
        foreach (var refused in sweep.Concat(batches).Concat(placement).Where(r => r.Status.Kind == StatusKind.Skipped && !r.OnGpu)
                     .DistinctBy(r => r.Model))
            findings.Add(($"not timed, {refused.Model} on {refused.Device}", refused.Status.Reason ?? refused.Status.ToString()));
        return findings;
    }

    /// <summary>
    /// One configuration (model, device, batch, placement) measured by more than one sweep: the page shows one number per
    /// configuration, or says how far apart its measurements are and why. Each sweep runs the same code (the runner), so
    /// what differs between them is the time they ran at, and what else the machine was doing then.
    /// </summary>
    static IEnumerable<(string, string)> Repeated(IReadOnlyList<ResultRow> sweep, IReadOnlyList<ResultRow> batches, IReadOnlyList<ResultRow> placement)
    {
        var named = sweep.Select(r => (Sweep: "size sweep", Row: r)).Concat(batches.Select(r => (Sweep: "batch sweep", Row: r))).Concat(placement.Select(r => (Sweep: "placement", Row: r)));
        foreach (var g in named.Where(p => p.Row.StepMs is not null).GroupBy(p => (p.Row.Model, p.Row.Device, p.Row.BatchSize, p.Row.Placement)).Where(g => g.Count() > 1))
        {
            var fast = g.MinBy(p => p.Row.StepMs!.Median);
            var slow = g.MaxBy(p => p.Row.StepMs!.Median);
            var comparison = SpeedComparison.Of($"the {fast.Sweep}'s", fast.Row.StepMs!, $"the {slow.Sweep}'s", slow.Row.StepMs!);
            var each = string.Join("; ", g.Select(p => $"{p.Sweep} {p.Row.StepMs!.Describe("ms", "F2")}"));
            yield return ($"measured twice, {g.Key.Model} at batch {g.Key.BatchSize} ({g.Key.Placement.ToString().ToLowerInvariant()}) on {g.Key.Device}",
                $"{each}: " + (comparison.Separated
                    ? $"they differ beyond their noise ({comparison.Sentence}); the code is the same, so the difference is when they ran and what else the machine was doing"
                    : "they agree within their noise"));
        }
    }

    /// <summary>Seconds per image of a row's step: the batch size's effect without its size.</summary>
    static Spread PerImage(ResultRow r) => r.StepMs!.Scale(1.0 / r.BatchSize);

    /// <summary>The smallest model on which the GPU's step is faster beyond the noise.</summary>
    static string Crossover(IReadOnlyList<ResultRow> sweep, string series)
    {
        var gpuRows = sweep.Where(r => r.StepMs is not null && r.OnGpu && SizeSweep.Series(r) == series)
            .OrderBy(r => r.TrainingFlopsPerImage ?? 0).ToList();
        var judged = gpuRows.Select(g => (Gpu: g, Cpu: sweep.FirstOrDefault(c => !c.OnGpu && c.Model == g.Model && c.StepMs is not null)))
            .Where(p => p.Cpu is not null)
            .Select(p => (p.Gpu, Comparison: SpeedComparison.Of("the GPU", p.Gpu.StepMs!, "the CPU", p.Cpu!.StepMs!))).ToList();
        if (judged.Count == 0) return "no model measured on both devices";
        var first = judged.FirstOrDefault(j => j.Comparison.SpeedupOf("the GPU") > 1);
        return first.Gpu is null
            ? "the GPU was not faster beyond the noise for any model size measured"
            : $"the GPU is faster from {first.Gpu.Model} ({first.Gpu.TrainingFlopsPerImage / 1e6:F1} MFLOP per training image) upwards: {first.Comparison.Sentence}";
    }
}

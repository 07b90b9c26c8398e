using Workbook.Benchmarks;
using Workbook.Training;

namespace Workbook.Reporting;

/// <summary>Plain-language findings computed from the sweep's rows, so the notebook's conclusion is this machine's, not the blog's.</summary>
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
            var rate = sweep.Where(r => r.Device == "cpu" && r.GflopsPerSecond is not null).OrderBy(r => r.GflopsPerSecond).ToList();
            if (rate.Count > 0)
                findings.Add(("CPU efficiency", $"achieved {rate[0].GflopsPerSecond:F1} GFLOP/s on {rate[0].Model} up to {rate[^1].GflopsPerSecond:F1} on {rate[^1].Model}: " +
                    "small networks leave the cores idle between tiny kernels, large ones keep them busy"));
        }
        if (gpuSeries.Count == 0)
            findings.Add(("GPU", "no usable GPU on this machine, so no crossover can be measured here; the reference runs in data/results show one"));
        foreach (var series in gpuSeries)
        {
            var crossover = points.Where(p => p.Series == series).OrderBy(p => p.GflopPerImage)
                .FirstOrDefault(g => cpu.FirstOrDefault(c => c.Model == g.Model) is { } c && g.EpochSeconds < c.EpochSeconds);
            findings.Add(($"crossover, {series}", crossover is null
                ? "the CPU was faster for every model size measured"
                : $"the GPU is faster from {crossover.Model} ({crossover.GflopPerImage * 1000:F1} MFLOP per training image) upwards"));
        }
        foreach (var group in batches.Where(r => r.SamplesPerSecond is not null).GroupBy(r => (r.Model, r.Device)))
        {
            var ordered = group.OrderBy(r => r.BatchSize).ToList();
            findings.Add(($"batch size, {group.Key.Model} on {group.Key.Device}", $"{ordered[0].SamplesPerSecond:F0} images/s at batch {ordered[0].BatchSize}, " +
                $"{ordered[^1].SamplesPerSecond:F0} at batch {ordered[^1].BatchSize} ({ordered[^1].SamplesPerSecond / ordered[0].SamplesPerSecond:F1}x)"));
        }
        foreach (var group in placement.Where(r => r.EpochSeconds is not null).GroupBy(r => (r.Model, r.Device)))
        {
            var resident = group.FirstOrDefault(r => r.Placement == Placement.Resident);
            var streamed = group.FirstOrDefault(r => r.Placement == Placement.Streamed);
            if (resident is null || streamed is null) continue;
            findings.Add(($"transfer overhead, {group.Key.Model} on {group.Key.Device}",
                $"streamed {streamed.EpochSeconds:F2} s vs resident {resident.EpochSeconds:F2} s per epoch ({(streamed.EpochSeconds / resident.EpochSeconds - 1) * 100:+0;-0}%)" +
                (group.Key.Device == "cpu" ? "; on the CPU there is nothing to transfer, so this is the noise floor" : "")));
        }
        return findings;
    }
}

using Workbook.Benchmarks;

namespace Workbook.Reporting;

/// <summary>One of the blog's claims and what this run's numbers say about it. Held is null when the run cannot tell.</summary>
public sealed record ClaimVerdict(string Claim, string Verdict, bool? Held);

/// <summary>The blog's three claims, judged from measured rows only (never from the blog's own numbers).</summary>
public static class BlogClaims
{
    public static IReadOnlyList<ClaimVerdict> Evaluate(IReadOnlyList<ResultRow> rows, string? gpuAbsence = null)
    {
        var gpu = rows.Where(r => r.Device != "cpu" && r.Measured).ToList();
        var noGpu = gpuAbsence ?? rows.Where(r => r.Device != "cpu").Select(r => r.Status.Reason ?? r.Status.ToString()).FirstOrDefault() ?? "no GPU in this run";
        return [Cnn(rows, gpu, noGpu), Mlp(rows, gpu, noGpu), Deep(rows, gpu, noGpu)];
    }

    /// <summary>", 327.8 s for all 12 epochs" when a row trained more than one epoch: the per-epoch figure stays the headline.</summary>
    static string Total(ResultRow r, string format = "F1") =>
        r.Epochs > 1 && r.TotalSeconds is { } t ? $"; {t.ToString(format)} s for all {r.Epochs} epochs" : "";

    static ResultRow? Cpu(IReadOnlyList<ResultRow> rows, string model) => rows.FirstOrDefault(r => r.Device == "cpu" && r.Model == model && r.Measured);

    static ClaimVerdict Cnn(IReadOnlyList<ResultRow> rows, List<ResultRow> gpu, string noGpu)
    {
        const string claim = "The GPU trains the Keras MNIST CNN about 10x faster than the CPU (batch 128, 1 epoch).";
        var g = gpu.FirstOrDefault(r => r.Model == "cnn");
        var c = Cpu(rows, "cnn");
        if (g?.Speedup is { } s)
            return new(claim, $"The GPU ({g.DeviceName}) trained the CNN {s:F1}x faster than the CPU: {g.EpochSeconds:F1} s vs {c!.EpochSeconds:F1} s per epoch.", s >= 5);
        return new(claim, c is null ? $"Not measured. GPU: {noGpu}" :
            $"No usable GPU ({noGpu}); the CPU trained the CNN in {c.EpochSeconds:F1} s per epoch ({c.SamplesPerSecond:F0} images/s){Total(c)}.", null);
    }

    static ClaimVerdict Mlp(IReadOnlyList<ResultRow> rows, List<ResultRow> gpu, string noGpu)
    {
        const string claim = "A small feed-forward network trains faster on the CPU (transfer overhead dominates).";
        var g = gpu.FirstOrDefault(r => r.Model == "mlp");
        var c = Cpu(rows, "mlp");
        if (g?.Speedup is { } s)
            return s < 1
                ? new(claim, $"The MLP was faster on the CPU: {c!.EpochSeconds:F2} s vs {g.EpochSeconds:F2} s on the GPU ({1 / s:F1}x).", true)
                : new(claim, $"The MLP was faster on the GPU here: {g.EpochSeconds:F2} s vs {c!.EpochSeconds:F2} s on the CPU ({s:F1}x).", false);
        return new(claim, c is null ? $"Not measured. GPU: {noGpu}" : $"No usable GPU ({noGpu}); the CPU trained the MLP in {c.EpochSeconds:F2} s per epoch{Total(c, "F2")}.", null);
    }

    static ClaimVerdict Deep(IReadOnlyList<ResultRow> rows, List<ResultRow> gpu, string noGpu)
    {
        const string claim = "Deep CNNs (more than 10 layers) are where the GPU pulls far ahead; the CPU can hardly run them.";
        var g = gpu.FirstOrDefault(r => r.Model == "deep");
        var c = Cpu(rows, "deep");
        var cnnSpeedup = gpu.FirstOrDefault(r => r.Model == "cnn")?.Speedup;
        if (g?.Speedup is { } s)
            return new(claim, $"The GPU trained the deep CNN {s:F1}x faster than the CPU" +
                              (cnnSpeedup is { } k ? $" (vs {k:F1}x for the Keras CNN)." : "."), s > (cnnSpeedup ?? 1));
        if (c is null) return new(claim, $"Not measured. GPU: {noGpu}", null);
        var cnn = Cpu(rows, "cnn");
        var ratio = cnn?.EpochSeconds is { } t && t > 0 ? $", {c.EpochSeconds / t:F1}x the Keras CNN's time" : "";
        var estimated = c.Status.Kind == StatusKind.Estimated ? $" ({c.Status})" : "";
        return new(claim, $"No usable GPU ({noGpu}); one epoch of the deep CNN takes the CPU {c.EpochSeconds:F0} s{estimated}{ratio}.", null);
    }
}

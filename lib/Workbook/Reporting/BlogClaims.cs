using Workbook.Benchmarks;
using Workbook.Models;
using Workbook.Training;

namespace Workbook.Reporting;

/// <summary>One of the blog's claims and what this run's numbers say about it. Held is null when the run cannot tell.</summary>
public sealed record ClaimVerdict(string Claim, string Verdict, bool? Held);

/// <summary>
/// The blog's three claims, judged from measured rows only (never from the blog's own numbers): this run's rows, or, when
/// this machine has no GPU, a committed reference run that has both devices. A device is faster only when the
/// interquartile ranges of the step times separate (<see cref="SpeedComparison"/>).
/// </summary>
public static class BlogClaims
{
    public const string CnnClaim = "The GPU trains the Keras MNIST CNN about 10x faster than the CPU (batch 128, 1 epoch).";
    public const string MlpClaim = "A small feed-forward network trains faster on the CPU (transfer overhead dominates).";
    public const string DeepClaim = "Deep CNNs (more than 10 layers) are where the GPU pulls far ahead; the CPU can hardly run them.";

    public static IReadOnlyList<ClaimVerdict> Evaluate(IReadOnlyList<ResultRow> rows, string? gpuAbsence = null, IReadOnlyList<ReferenceRun>? references = null)
    {
        var source = Source(rows, references);
        var noGpu = gpuAbsence ?? rows.Where(r => r.OnGpu).Select(r => r.Status.Reason ?? r.Status.ToString()).FirstOrDefault() ?? "no GPU in this run";
        var pairs = ModelKeys.All.ToDictionary(m => m, m => Pair(source.Rows, m));
        return [Cnn(pairs, source.Label, noGpu), Mlp(pairs, source.Label, noGpu), Deep(pairs, source.Label, noGpu)];
    }

    /// <summary>This run when it measured a GPU; else the first committed run that measured both a CPU and a GPU.</summary>
    static (IReadOnlyList<ResultRow> Rows, string Label) Source(IReadOnlyList<ResultRow> rows, IReadOnlyList<ReferenceRun>? references)
    {
        if (rows.Any(r => r.OnGpu && r.Measured)) return (rows, "this run");
        var reference = references?.FirstOrDefault(run => run.Results.Rows.Any(r => r.OnGpu && r.Measured) && run.Results.Rows.Any(r => !r.OnGpu && r.Measured));
        return reference is null ? (rows, "this run") : (reference.Results.Rows, $"the committed run {reference.Name} (this machine has no usable GPU)");
    }

    /// <summary>The CPU and GPU rows of one model in the blog's configuration (batch 128, resident data), when measured.</summary>
    static (ResultRow? Cpu, ResultRow? Gpu) Pair(IReadOnlyList<ResultRow> rows, string model)
    {
        ResultRow? Find(bool gpu) => rows.Where(r => r.Model == model && r.Measured && r.OnGpu == gpu)
            .OrderBy(r => r.BatchSize == 128 && r.Placement == Placement.Resident ? 0 : 1).FirstOrDefault();
        return (Find(false), Find(true));
    }

    /// <summary>GPU against CPU: from the step spreads when both rows have them, else from the epoch times, said plainly.</summary>
    static (SpeedComparison? Comparison, double Speedup, string Text) Compare(ResultRow cpu, ResultRow gpu)
    {
        var gpuName = $"the GPU ({gpu.DeviceName})";
        if (cpu.StepMs is { } c && gpu.StepMs is { } g)
        {
            var comparison = SpeedComparison.Of(gpuName, g, "the CPU", c);
            return (comparison, c.Median / g.Median, $"{comparison.Sentence}: step {g.Describe("ms", "F2")} against {c.Describe("ms", "F1")}");
        }
        var speedup = cpu.EpochSeconds!.Value / gpu.EpochSeconds!.Value;
        return (null, speedup, $"{gpuName} took {gpu.EpochSeconds:F2} s per epoch against the CPU's {cpu.EpochSeconds:F2} s ({speedup:F1}x; " +
                               "a single timing each, no spread saved in this run, so the ratio's noise is unknown)");
    }

    static string CpuOnly(ResultRow c, string what) =>
        $"{what} {c.EpochSeconds:F2} s per epoch" + (c.StepMs is { } s ? $", step {s.Describe("ms")}" : "") +
        (c.Status.Kind == StatusKind.Estimated ? $" ({c.Status}, extrapolated to the {c.TrainImages:N0}-image epoch)" : "") +
        (c.Epochs > 1 && c.TotalSeconds is { } t ? $"; {t:F1} s for all {c.Epochs} epochs" : "");

    static string NotMeasured(string noGpu) => Reporting.NotMeasured.Sentence($"no usable GPU ({noGpu})");

    static ClaimVerdict Cnn(Dictionary<string, (ResultRow? Cpu, ResultRow? Gpu)> pairs, string source, string noGpu)
    {
        var (c, g) = pairs[ModelKeys.Cnn];
        if (c is not null && g is not null)
        {
            var (comparison, speedup, text) = Compare(c, g);
            // "About 10x" holds from 5x up: the blog's own figure is one run on one 2022 machine.
            bool? held = comparison is { Separated: false } ? false : speedup >= 5;
            return new(CnnClaim, $"On {source}, {text}.", held);
        }
        return new(CnnClaim, c is null ? NotMeasured(noGpu) : $"{NotMeasured(noGpu)} {CpuOnly(c, "The CPU trained the CNN in")}.", null);
    }

    static ClaimVerdict Mlp(Dictionary<string, (ResultRow? Cpu, ResultRow? Gpu)> pairs, string source, string noGpu)
    {
        var (c, g) = pairs[ModelKeys.Mlp];
        if (c is not null && g is not null)
        {
            var (comparison, speedup, text) = Compare(c, g);
            bool? held = comparison is { Separated: false } ? false : speedup < 1;
            return new(MlpClaim, $"On {source}, {text}.", held);
        }
        return new(MlpClaim, c is null ? NotMeasured(noGpu) : $"{NotMeasured(noGpu)} {CpuOnly(c, "The CPU trained the MLP in")}.", null);
    }

    static ClaimVerdict Deep(Dictionary<string, (ResultRow? Cpu, ResultRow? Gpu)> pairs, string source, string noGpu)
    {
        var (c, g) = pairs[ModelKeys.Deep];
        var (cnnCpu, cnnGpu) = pairs[ModelKeys.Cnn];
        if (c is not null && g is not null)
        {
            var (comparison, speedup, text) = Compare(c, g);
            var cnnSpeedup = cnnCpu is not null && cnnGpu is not null ? Compare(cnnCpu, cnnGpu).Speedup : (double?)null;
            bool? held = comparison is { Separated: false } ? false : speedup > 1 && speedup > (cnnSpeedup ?? 1);
            return new(DeepClaim, $"On {source}, {text}" + (cnnSpeedup is { } k ? $"; the Keras CNN's ratio was {k:F1}x." : "."), held);
        }
        if (c is null) return new(DeepClaim, NotMeasured(noGpu), null);
        var ratio = cnnCpu?.EpochSeconds is { } t && t > 0 ? $", {c.EpochSeconds / t:F1}x the Keras CNN's epoch on the same CPU" : "";
        return new(DeepClaim, $"{NotMeasured(noGpu)} {CpuOnly(c, "The CPU trained the deep CNN in")}{ratio}.", null);
    }
}

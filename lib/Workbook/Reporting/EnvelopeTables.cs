using Microsoft.Data.Analysis;
using Workbook.Benchmarks.Envelope;

namespace Workbook.Reporting;

/// <summary>The envelope as tables: what a step costs and how the CPU did, what each GPU is predicted to do, and where each figure comes from.</summary>
public static class EnvelopeTables
{
    /// <summary>Per model: the counted step, and the CPU's measured step against the FMA peak.</summary>
    public static DataFrame Counts(IEnumerable<EnvelopeRow> rows)
    {
        var list = rows.ToList();
        return new DataFrame(
            new StringDataFrameColumn("model", list.Select(r => r.Model)),
            new DoubleDataFrameColumn("GFLOP per step", list.Select(r => Math.Round(r.Count.Flops / 1e9, 3))),
            new DoubleDataFrameColumn("MB moved per step", list.Select(r => Math.Round(r.Count.Bytes / 1e6, 1))),
            new Int32DataFrameColumn("launches per step", list.Select(r => r.Count.Launches)),
            new StringDataFrameColumn("CPU step measured", list.Select(r => r.Cpu is { } c ? Measured(c.Measured) : "not measured")),
            new StringDataFrameColumn("at the FMA peak", list.Select(r => r.Cpu is { } c ? EnvelopeFindings.Time(c.AtPeakSeconds) : "")),
            new StringDataFrameColumn("% of peak", list.Select(r => r.Cpu is { } c ? c.PercentOfPeak is { } p ? EnvelopeFindings.Percent(p) : "n/a" : "")));
    }

    /// <summary>Per model and GPU: the three terms, the step, the blog's epoch, the speedup over this CPU, and any measured step beside it.</summary>
    public static DataFrame Predictions(IEnumerable<EnvelopeRow> rows)
    {
        var cells = rows.SelectMany(r => r.Predictions.Select(p => (Row: r, P: p))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("model", cells.Select(c => c.Row.Model)),
            new StringDataFrameColumn("GPU", cells.Select(c => c.P.Gpu.Name)),
            new StringDataFrameColumn("arithmetic", cells.Select(c => EnvelopeFindings.Time(c.P.ArithmeticSeconds))),
            new StringDataFrameColumn("memory", cells.Select(c => EnvelopeFindings.Time(c.P.MemorySeconds))),
            new StringDataFrameColumn("launches", cells.Select(c => EnvelopeFindings.Time(c.P.LaunchSeconds))),
            new StringDataFrameColumn("predicted step", cells.Select(c => EnvelopeFindings.Time(c.P.StepSeconds))),
            new StringDataFrameColumn("epoch (469 steps)", cells.Select(c => EnvelopeFindings.Time(c.P.EpochSeconds(c.Row.Count.BatchSize)))),
            new StringDataFrameColumn("speedup over this CPU", cells.Select(c => c.Row.Speedup(c.P) is { } s ? $"{s:F1}x" : "n/a")),
            new StringDataFrameColumn("+ copy if streamed", cells.Select(c => EnvelopeFindings.Time(c.P.StreamedCopySeconds))),
            new StringDataFrameColumn("measured on that GPU", cells.Select(c => c.Row.MeasuredOn(c.P) is { } m
                ? $"{Measured(m.Step)}, error {(c.P.StepSeconds - m.Step.Median) / m.Step.Median:+0%;-0%;0%}"
                : "not measured here")));
    }

    /// <summary>Every figure the predictions use, with its source.</summary>
    public static DataFrame Sources(IEnumerable<GpuSpec> gpus, LaunchCost launch, double efficiency = EnvelopeModel.DefaultEfficiency)
    {
        var items = gpus.SelectMany(g => new (string Gpu, string Figure, string Value, string Source)[]
        {
            (g.Name, "float32 peak (non-tensor)", $"{g.Fp32Tflops:F1} TFLOPS", g.Fp32Source),
            (g.Name, "TF32 tensor peak, dense (not used)", g.Tf32DenseTflops is { } t ? $"{t:F1} TFLOPS" : "none", g.Tf32Source ?? "no tensor cores for float32 on this GPU"),
            (g.Name, "memory bandwidth", $"{g.MemoryGBps:F0} GB/s", g.MemorySource),
            (g.Name, "host link (streamed data)", $"{g.HostLinkGBps:F1} GB/s", g.HostLinkSource),
        }).ToList();
        items.Add(("all", "kernel launch", EnvelopeFindings.Time(launch.Seconds), launch.Source));
        items.Add(("all", "efficiency (share of the float32 peak)", EnvelopeFindings.Percent(100 * efficiency), "assumed, not measured: see EnvelopeModel.DefaultEfficiency"));
        return new DataFrame(
            new StringDataFrameColumn("GPU", items.Select(i => i.Gpu)),
            new StringDataFrameColumn("figure", items.Select(i => i.Figure)),
            new StringDataFrameColumn("value", items.Select(i => i.Value)),
            new StringDataFrameColumn("source", items.Select(i => i.Source)));
    }

    static string Measured(MeasuredStep m) => m.HasSpread
        ? $"{EnvelopeFindings.Time(m.Median)} ({EnvelopeFindings.Time(m.Low!.Value)}-{EnvelopeFindings.Time(m.High!.Value)}, {m.Steps} steps)"
        : $"{EnvelopeFindings.Time(m.Median)} (mean, no range)";
}

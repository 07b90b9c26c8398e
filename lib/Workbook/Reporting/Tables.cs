using Microsoft.Data.Analysis;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Runtime;

namespace Workbook.Reporting;

/// <summary>The reports of each step as DataFrames: what notebooks display and the HTML report prints.</summary>
public static class Tables
{
    public static DataFrame KeyValues(IEnumerable<(string Key, string Value)> pairs)
    {
        var list = pairs.ToList();
        return new DataFrame(new StringDataFrameColumn("item", list.Select(p => p.Key)), new StringDataFrameColumn("value", list.Select(p => p.Value)));
    }

    public static DataFrame Runtime(RuntimeReport r) => KeyValues(RuntimeItems(r));

    /// <summary>What loaded from where, the fixes and tunings: notebook 00's table and the doctor's, one list.</summary>
    public static IReadOnlyList<(string Key, string Value)> RuntimeItems(RuntimeReport r) =>
    [
        ("TorchSharp", r.TorchSharpVersion),
        ("libtorch", $"{r.LibTorchVersion} ({r.Backend}, from {r.LibTorchSource})"),
        ("glue", r.Glue),
        .. r.Loaded.Select(l => ($"loaded {l.Name}", l.Path)),
        ("compatibility fix", r.CompatibilityFixApplied ? $"applied (GLIBCXX_3.4.32 marked weak): {r.PatchedLibrary}" : "not needed"),
        ("system libstdc++", $"{r.NewestGlibcxx ?? "unknown"} ({r.LibStdCxxPath ?? "not found"})"),
        ("native init", $"{r.InitSeconds:F2} s"),
        .. r.Notes.Select(n => ("note", n)),
    ];

    public static DataFrame Devices(DeviceReport d) => KeyValues(
    [
        ("CPU", d.Cpu.Model),
        ("cores", $"{d.Cpu.PhysicalCores} physical, {d.Cpu.LogicalCores} logical; torch uses {d.Cpu.TorchThreads} threads"),
        ("vector ISA", string.Join(" ", d.Cpu.IsaFlags)),
        ("bf16 instructions", Bf16Instructions.Found() is { } bf16 ? $"{bf16}: --precision bf16 is offered on the CPU"
            : "none (neither AVX512_BF16 nor AMX-BF16): --precision bf16 is not offered on the CPU"),
        ("CUDA available", d.CudaAvailable ? "yes" : $"no: {d.GpuAbsence}"),
        ("cuDNN available", d.CudnnAvailable ? "yes" : "no"),
        .. d.Gpus.Select(g => ($"GPU {g.Index}", $"{g.Name}, {g.MemoryGiB} GiB, compute capability {g.ComputeCapability}, driver {g.DriverVersion}, CUDA {g.CudaVersion}")),
    ]);

    public static DataFrame UsableChecks(DeviceReport d) => new(
        new StringDataFrameColumn("device", d.Checks.Select(c => c.Device)),
        new BooleanDataFrameColumn("runs kernels", d.Checks.Select(c => c.Usable)),
        new DoubleDataFrameColumn("copy GB/s", d.Checks.Select(c => c.HostToDeviceGBps)),
        new StringDataFrameColumn("reason", d.Checks.Select(c => c.Reason ?? "")));

    /// <summary>Per model and device: correct or not, the worst output or gradient, its error, and any workaround.</summary>
    public static DataFrame Verdicts(IEnumerable<GateDecision> decisions)
    {
        var list = decisions.ToList();
        return new DataFrame(
            new StringDataFrameColumn("model", list.Select(d => d.Model)),
            new StringDataFrameColumn("device", list.Select(d => d.Device)),
            new StringDataFrameColumn("verdict", list.Select(d => d.Usable ? d.Workaround == Workaround.None ? "correct" : $"correct with {d.Workaround.Describe()}" : "wrong: not timed")),
            new StringDataFrameColumn("worst", list.Select(d => d.Plain.Culprit ?? d.Plain.Worst)),
            new DoubleDataFrameColumn("max relative error", list.Select(d => d.Plain.MaxRelativeError)),
            new DoubleDataFrameColumn("tolerance", list.Select(d => d.Plain.Tolerance)),
            new StringDataFrameColumn("note", list.Select(d => d.Refusal ?? d.Note ?? "")));
    }

    /// <summary>The same model checked in each precision: its worst layer alone and the whole step, each against float64.</summary>
    public static DataFrame PrecisionChecks(IEnumerable<WorkloadVerdict> verdicts)
    {
        var list = verdicts.ToList();
        return new DataFrame(
            new StringDataFrameColumn("precision", list.Select(v => v.Precision.Name())),
            new StringDataFrameColumn("model", list.Select(v => v.Model)),
            new StringDataFrameColumn("worst layer", list.Select(v => v.WorstLayer?.Site.Name ?? "")),
            new DoubleDataFrameColumn("its error", list.Select(v => v.WorstLayer?.Error ?? 0)),
            new DoubleDataFrameColumn("layer tolerance", list.Select(v => v.WorstLayer?.Tolerance ?? v.Tolerance)),
            new StringDataFrameColumn("whole step, worst", list.Select(v => v.Worst)),
            new DoubleDataFrameColumn("its error ", list.Select(v => v.MaxRelativeError)),
            new DoubleDataFrameColumn("step tolerance", list.Select(v => v.Tolerance)),
            new BooleanDataFrameColumn("correct", list.Select(v => v.Correct)));
    }

    /// <summary>
    /// The kernel diagnostic: each convolution (input → weight, padding) and matmul, layout (NHWC is channels-last) and
    /// thread count, and the relative errors of its output y and its input and weight gradients dx and dW. Short enough
    /// for a terminal: the doctor prints this same table.
    /// </summary>
    public static DataFrame Kernels(IEnumerable<KernelRow> rows)
    {
        var list = rows.ToList();
        return new DataFrame(
            new StringDataFrameColumn("kernel", list.Select(r => r.Operation.Replace("conv ", "").Replace(" → ", "→").Replace(" · ", "·").Replace(", pad ", " p"))),
            new StringDataFrameColumn("from", list.Select(r => r.Source)),
            new StringDataFrameColumn("layout", list.Select(r => r.Layout == "channels-last" ? "NHWC" : r.Layout)),
            new Int32DataFrameColumn("threads", list.Select(r => r.Threads)),
            new DoubleDataFrameColumn("y", list.Select(r => r.Forward)),
            new DoubleDataFrameColumn("dx", list.Select(r => r.InputGradient)),
            new DoubleDataFrameColumn("dW", list.Select(r => r.WeightGradient)),
            new StringDataFrameColumn("verdict", list.Select(r => r.Wrong ? r.Varies ? "WRONG, varies" : "WRONG" : r.Varies ? "ok, bits vary" : "correct")));
    }

    public static DataFrame Files(Mnist mnist) => Files(mnist.Files);

    public static DataFrame Files(IReadOnlyList<MnistFileStatus> files) => new(
        new StringDataFrameColumn("file", files.Select(f => f.Name)),
        new StringDataFrameColumn("path", files.Select(f => f.Path)),
        new Int32DataFrameColumn("items", files.Select(f => f.Count)),
        new StringDataFrameColumn("SHA-256", files.Select(f => f.Verified ? "verified" : "NOT verified")));

    public static DataFrame Claims(IEnumerable<ClaimVerdict> claims)
    {
        var list = claims.ToList();
        return new DataFrame(
            new StringDataFrameColumn("the blog says", list.Select(c => c.Claim)),
            new StringDataFrameColumn("this run", list.Select(c => c.Held switch { true => "held", false => "did not hold", null => "untested" })),
            new StringDataFrameColumn("numbers", list.Select(c => c.Verdict)));
    }
}

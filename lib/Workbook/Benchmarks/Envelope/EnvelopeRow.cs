using Workbook.Benchmarks.Perf;
using Workbook.Devices;
using Workbook.Training;

namespace Workbook.Benchmarks.Envelope;

/// <summary>A GPU step measured somewhere (this run or a reference run), with the GPU's name as nvidia-smi gives it.</summary>
public sealed record GpuRun(string DeviceName, MeasuredStep Step);

/// <summary>
/// Everything the envelope says about one model: its counted step, the CPU's measured step against the FMA peak, the
/// prediction for each GPU of the table, and any GPU steps that were measured for it.
/// </summary>
public sealed record EnvelopeRow(StepCount Count, CpuSplit? Cpu, IReadOnlyList<GpuPrediction> Predictions, IReadOnlyList<GpuRun> GpuRuns)
{
    public string Model => Count.Model;

    /// <summary>The CPU's measured step over the predicted one (null without a CPU measurement).</summary>
    public double? Speedup(GpuPrediction p) => Cpu is null ? null : Cpu.Measured.Median / p.StepSeconds;

    /// <summary>A measured step of the GPU <paramref name="p"/> predicts for, if any run has one.</summary>
    public GpuRun? MeasuredOn(GpuPrediction p) => GpuRuns.FirstOrDefault(r => p.Gpu.Matches(r.DeviceName));

    public static EnvelopeRow Build(StepCount count, MeasuredStep? cpu, FmaRate? peak, IEnumerable<GpuSpec> gpus, LaunchCost launch,
        IEnumerable<GpuRun>? gpuRuns = null, double efficiency = EnvelopeModel.DefaultEfficiency) =>
        new(count,
            cpu is not null && peak is not null ? new CpuSplit(count.Model, count.Flops, cpu, peak.GflopsPerSecond, peak.Threads) : null,
            [.. gpus.Select(g => EnvelopeModel.Predict(count, g, launch, efficiency))],
            [.. gpuRuns ?? []]);

    /// <summary>
    /// The GPU steps measured for <paramref name="model"/> at <paramref name="batchSize"/> with the data resident, in
    /// this run's rows and in the reference runs' (data/results), each named by where it came from.
    /// </summary>
    public static IReadOnlyList<GpuRun> GpuRunsFor(string model, int batchSize, IEnumerable<ResultRow> thisRun, IEnumerable<ReferenceRun> references)
    {
        IEnumerable<GpuRun> From(IEnumerable<ResultRow> rows, string source) => rows
            .Where(r => r.Model == model && r.BatchSize == batchSize && r.Placement == Placement.Resident && DeviceNames.IsGpu(r.Device))
            .Select(r => MeasuredStep.FromRow(r, source) is { } step ? new GpuRun(r.DeviceName, step) : null)
            .OfType<GpuRun>();
        return [.. From(thisRun, "this run"), .. references.SelectMany(r => From(r.Results.Rows, $"reference run {r.Name}"))];
    }
}

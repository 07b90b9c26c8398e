using Workbook.Devices;
using Workbook.Models;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Benchmarks;

/// <summary>One configuration to measure: a model on a device with a batch size, epochs and data placement.</summary>
public sealed record PlanEntry(string Model, string Device, int BatchSize, int Epochs, Placement Placement);

/// <summary>
/// Models x devices x batch sizes x epochs x placements, with the data size and the CPU time budget.
/// The default is the blog's experiment: every model, batch 128, one epoch, resident data.
/// </summary>
public sealed record BenchmarkPlan
{
    public IReadOnlyList<string> Models { get; init; } = ModelKeys.All;
    public IReadOnlyList<string> Devices { get; init; } = [DeviceNames.Cpu, DeviceNames.Cuda];
    public IReadOnlyList<int> BatchSizes { get; init; } = [128];
    public IReadOnlyList<int> EpochCounts { get; init; } = [1];
    public IReadOnlyList<Placement> Placements { get; init; } = [Placement.Resident];

    /// <summary>Train on the first N images only (quick runs); null: all 60,000.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Test on the first N images only; null: all 10,000.</summary>
    public int? TestLimit { get; init; }

    /// <summary>An epoch on the CPU projected to exceed this is measured for a few steps and extrapolated.</summary>
    public double? CpuEpochBudgetSeconds { get; init; } = 240;

    public int EstimateSteps { get; init; } = 20;

    /// <summary>Steps run before the clock starts, per configuration.</summary>
    public int WarmupSteps { get; init; } = 3;

    /// <summary>Measure test accuracy after training (sweeps that compare speed only turn it off).</summary>
    public bool Evaluate { get; init; } = true;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adadelta;
    public long Seed { get; init; } = 0;

    /// <summary>The number format every row trains in (<see cref="Devices.Precision"/>): float32, as the blog's runs.</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>
    /// Models a user brings, by name: each factory builds a fresh network taking a batch of 1×28×28 images to 10 logits.
    /// A name listed in <see cref="Models"/> is built from here when present, else from the zoo.
    /// </summary>
    public IReadOnlyDictionary<string, Func<nn.Module<Tensor, Tensor>>> OwnModels { get; init; } =
        new Dictionary<string, Func<nn.Module<Tensor, Tensor>>>();

    /// <summary>A fresh network for <paramref name="key"/>, as written: the user's or the zoo's.</summary>
    public WorkbookModel CreateModel(string key) =>
        OwnModels.TryGetValue(key, out var factory) ? WorkbookModel.Wrap(key, factory()) : ModelZoo.Create(key);

    /// <summary>A fresh network for <paramref name="key"/> as it is checked and timed on <paramref name="device"/>: with the
    /// <see cref="SpeedUps"/> measured to help there, whoever wrote it, in the plan's precision.</summary>
    public WorkbookModel CreateModel(string key, Device device) => CreateModel(key).Faster(device).In(Precision);

    /// <summary>"cuda" expands to every usable CUDA device; the CPU comes first so speedups have their reference.</summary>
    public IEnumerable<PlanEntry> Entries(IReadOnlyList<string> cudaDevices)
    {
        var devices = Devices.SelectMany(d => d == DeviceNames.Cuda && cudaDevices.Count > 0 ? cudaDevices : [d]).Distinct().OrderBy(d => DeviceNames.IsCpu(d) ? 0 : 1);
        foreach (var device in devices)
            foreach (var model in Models)
                foreach (var batch in BatchSizes)
                    foreach (var epochs in EpochCounts)
                        foreach (var placement in Placements)
                            yield return new PlanEntry(model, device, batch, epochs, placement);
    }
}

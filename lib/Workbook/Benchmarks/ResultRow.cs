using System.Text.Json.Serialization;
using Workbook.Training;

namespace Workbook.Benchmarks;

/// <summary>
/// One measured (or skipped) configuration: the unit every table, chart and report is built from. It carries everything a
/// report needs (the model's title and training FLOPs), so reading saved results never has to build a model or load torch.
/// </summary>
public sealed record ResultRow
{
    public required string Model { get; init; }
    public required string ModelTitle { get; init; }
    public required string Device { get; init; }
    public required string DeviceName { get; init; }
    public required int BatchSize { get; init; }
    public required int Epochs { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<Placement>))]
    public required Placement Placement { get; init; }

    public required int TrainImages { get; init; }
    public double? WarmupSeconds { get; init; }

    /// <summary>Seconds per epoch: the mean over <see cref="Epochs"/> epochs (warm-up excluded).</summary>
    public double? EpochSeconds { get; init; }

    /// <summary>Seconds for all <see cref="Epochs"/> epochs together.</summary>
    public double? TotalSeconds { get; init; }

    public double? SamplesPerSecond { get; init; }

    /// <summary>Milliseconds per training step: median, interquartile range and how many steps (a GPU: blocks) were read.
    /// Null in files saved before it existed.</summary>
    public Spread? StepMs { get; init; }

    /// <summary>CPU epoch time over this row's, for the same model, batch size and placement; 1 for the CPU row.</summary>
    public double? Speedup { get; init; }

    public double? TestAccuracy { get; init; }
    public double? TrainLoss { get; init; }
    public required long Parameters { get; init; }

    /// <summary>Forward + backward FLOPs of one training image for this model; null when unknown (the skipped rows of the oldest committed run, data/results/debian12-epyc-2vcpu, saved before it was recorded).</summary>
    public double? TrainingFlopsPerImage { get; init; }

    public double? GflopsPerSecond { get; init; }

    /// <summary>The number format the step ran in: "float32" on a CPU; on CUDA, float32 with convolutions in TF32, libtorch's
    /// default for cuDNN (torch.backends.cudnn.allow_tf32 is true unless changed; matmuls stay float32). Null in older files.</summary>
    public string? Precision { get; init; }

    /// <summary>The rewrites <see cref="Models.SpeedUps"/> applied to the model before it was checked and timed (or why none
    /// was). Null in older files.</summary>
    public string? SpeedUps { get; init; }

    public required RowStatus Status { get; init; }

    public string? Message { get; init; }

    public bool Measured => EpochSeconds is not null;

    /// <summary>Whether this row ran (or was to run) on a GPU.</summary>
    [JsonIgnore]
    public bool OnGpu => Devices.DeviceNames.IsGpu(Device);

    /// <summary>The test accuracy where it means something: after the whole epoch. An epoch extrapolated from a few batches
    /// stopped training there (quick mode's deep CNN: 5 batches, chance level), so its accuracy is not shown.</summary>
    [JsonIgnore]
    public double? ShownAccuracy => Status.Kind == StatusKind.Estimated ? null : TestAccuracy;

    /// <summary>"98.10%"; "15.30% after 8 batches" when the epoch was shorter than MNIST's 60,000 images (quick mode: the
    /// number says how little training it had); "n/a: 5 batches of training" where <see cref="ShownAccuracy"/> leaves it out.</summary>
    [JsonIgnore]
    public string AccuracyText => TestAccuracy is null ? "-"
        : ShownAccuracy is { } a ? $"{a * 100:F2}%" + (TrainImages < Data.MnistFile.TrainImages.Count ? $" after {Epochs * ((TrainImages + BatchSize - 1) / BatchSize)} batches" : "")
        : $"n/a: {Status.EstimatedFromBatches} batches of training";
}

namespace Workbook.Gate;

/// <summary>
/// Whether one model computes correctly on one device (<see cref="WorkloadCheck"/>): each layer alone against its
/// float64 twin, and the whole float32 training step against the float64 model with the same weights and batch.
/// <see cref="Worst"/> names the model's output or parameter gradient furthest off, <see cref="MaxRelativeError"/>
/// its error and <see cref="Tolerance"/> what the whole model was held to: the device's tolerance, or
/// <see cref="WorkloadCheck.FloorFactor"/> times <see cref="RoundingFloor"/> where the model amplifies rounding more.
/// <see cref="Culprit"/> names the layer that is wrong on its own, when one is; <see cref="WorstLayer"/> is the layer
/// furthest off (wrong or not).
/// </summary>
public sealed record WorkloadVerdict(string Model, string Device, bool Correct, string Worst, double MaxRelativeError,
    double Tolerance, string Threads, string? Culprit, LayerResult? WorstLayer = null, double RoundingFloor = 0,
    Devices.Precision Precision = Devices.Precision.Float32)
{
    /// <summary>Null when correct; otherwise what is wrong (the layer, its shape, its error), how far off, against what.</summary>
    public string? Reason => Correct ? null
        : Culprit is not null
            ? $"{Culprit}, so the model's {Worst} is {NumericError.Describe(MaxRelativeError)} on {Device} ({Threads}) against float64 on the CPU with the same weights and batch"
            : $"every layer alone is within {WorstLayer?.Tolerance ?? Tolerance:G2} of its float64 twin (worst: {WorstLayer?.Site.Describe() ?? "none"}, " +
              $"{WorstLayer?.Error ?? 0:G2}), but its {Worst} is {NumericError.Describe(MaxRelativeError)} on {Device} ({Threads}) against float64 on the CPU " +
              $"with the same weights and batch, more than {Factor:G} × the {RoundingFloor:G2} that each layer's own rounding makes " +
              $"there (tolerance {Tolerance:G2}): an operation between the layers, in the model's own forward, computes wrong numbers";

    /// <summary>How many times its rounding floor the model may be off, in the precision it was checked in.</summary>
    double Factor => WorkloadCheck.FloorFactorFor(Precision);

    /// <summary>"cnn on cpu: correct (layers within 1e-05 of float64, worst conv2 (...); model's worst: output, 3.1e-07 ≤ 0.001, float32, 1 and 2 threads)".</summary>
    public string Summary => Correct
        ? $"{Model} on {Device}: correct (each layer alone within {WorstLayer?.Error ?? 0:G2} of float64" +
          $"{(WorstLayer is null ? "" : $", worst {WorstLayer.Site.Name}")}; whole model: {Worst} {MaxRelativeError:G2} ≤ {Tolerance:G2}" +
          $"{(Tolerance > (WorstLayer?.Tolerance ?? Tolerance) ? $" = {Factor:G} × its rounding floor {RoundingFloor:G2}" : "")}, {Threads})"
        : $"{Model} on {Device}: wrong: {Reason}";
}

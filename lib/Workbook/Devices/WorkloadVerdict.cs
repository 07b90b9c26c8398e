namespace Workbook.Devices;

/// <summary>
/// Whether one model computes correctly on one device: its float32 forward and backward pass against a float64 CPU
/// reference with the same weights and batch. <see cref="Worst"/> names the output or parameter gradient furthest
/// off; <see cref="Culprit"/> names the layer that reproduces the error on its own, when one does.
/// </summary>
public sealed record WorkloadVerdict(string Model, string Device, bool Correct, string Worst, double MaxRelativeError,
    double Tolerance, string Threads, string? Culprit)
{
    /// <summary>Null when correct; otherwise what is wrong, how far off, against what.</summary>
    public string? Reason => Correct ? null
        : $"{(Culprit is null ? "" : $"{Culprit}, so ")}{(Culprit is null ? "its" : "the model's")} {Worst} is {Accuracy.Describe(MaxRelativeError)} on {Device} ({Threads}) " +
          $"against float64 on the CPU with the same weights and batch (tolerance {Tolerance:G2})";

    /// <summary>"cnn on cpu: correct (worst: output, 3.1e-07 ≤ 0.001)" or "lenet on cpu: conv2 ... off by 0.42 ...".</summary>
    public string Summary => Correct
        ? $"{Model} on {Device}: correct (worst: {Worst}, {MaxRelativeError:G2} ≤ {Tolerance:G2}, {Threads})"
        : $"{Model} on {Device}: wrong: {Reason}";
}

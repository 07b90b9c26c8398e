namespace Workbook.Gate;

/// <summary>
/// The gate's answer for one model on one device: the plain check, and when that failed, the workaround chosen (the
/// cheapest one that passes its own check) with what it costs. A model is timed only when <see cref="Usable"/>.
/// </summary>
public sealed record GateDecision(WorkloadVerdict Plain, Workaround Workaround, WorkloadVerdict? After, double? PlainStepMs,
    double? WorkaroundStepMs, IReadOnlyList<string> Tried)
{
    public string Model => Plain.Model;
    public string Device => Plain.Device;
    public bool Usable => Plain.Correct || After?.Correct == true;

    /// <summary>Why the model is not timed on this device, and what to do; null when it is usable.</summary>
    public string? Refusal => Usable ? null
        : $"{Plain.Reason}. {(Tried.Count == 0 ? "No workaround applies on this device" : $"Tried: {string.Join("; ", Tried)}")}. " +
          "Not timed: its numbers would be wrong. Check the kernels with 'workbook doctor --kernels' and see environment.md, 'wrong kernels'.";

    /// <summary>"trained with channels-last convolutions: the plain model's conv2 ... was off by 0.42; step 1.08x (41 → 44 ms)".</summary>
    public string? Note => Workaround == Workaround.None ? null
        : $"trained with {Workaround.Describe()}: the plain model's {Plain.Culprit ?? Plain.Worst} was {NumericError.Describe(Plain.MaxRelativeError)}; " +
          $"cost: step {WorkaroundStepMs / PlainStepMs:F2}x ({PlainStepMs:F1} → {WorkaroundStepMs:F1} ms, batch 128)";
}

namespace Workbook.Training;

/// <summary>One timed epoch. When <see cref="StepsRun"/> &lt; <see cref="StepsPerEpoch"/> the time is extrapolated.</summary>
public sealed record EpochResult(int Epoch, int StepsRun, int StepsPerEpoch, double MeasuredSeconds, double EpochSeconds,
    double SamplesPerSecond, double TrainLoss, double? TestAccuracy)
{
    public bool Estimated => StepsRun < StepsPerEpoch;

    /// <summary>Seconds per step as <see cref="StepClock"/> read them: every step on a CPU, the mean step of each block of
    /// <see cref="StepClock.GpuBlock"/> on a GPU (a sync per step would change what is measured).</summary>
    public IReadOnlyList<double>? StepSeconds { get; init; }
}

/// <summary>A whole training run: warm-up time on its own, then each epoch.</summary>
public sealed record TrainResult(double WarmupSeconds, IReadOnlyList<EpochResult> Epochs)
{
    public EpochResult Last => Epochs[^1];
}

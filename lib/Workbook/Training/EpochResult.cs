namespace Workbook.Training;

/// <summary>One timed epoch. When <see cref="StepsRun"/> &lt; <see cref="StepsPerEpoch"/> the time is extrapolated.</summary>
public sealed record EpochResult(int Epoch, int StepsRun, int StepsPerEpoch, double MeasuredSeconds, double EpochSeconds,
    double SamplesPerSecond, double TrainLoss, double? TestAccuracy)
{
    public bool Estimated => StepsRun < StepsPerEpoch;

    /// <summary>Each step's own duration (CPU only: reading a GPU clock per step would need a sync that changes what is
    /// measured). Their sum against <see cref="MeasuredSeconds"/> is what the loop itself costs.</summary>
    public IReadOnlyList<double>? StepSeconds { get; init; }
}

/// <summary>A whole training run: warm-up time on its own, then each epoch.</summary>
public sealed record TrainResult(double WarmupSeconds, IReadOnlyList<EpochResult> Epochs)
{
    public EpochResult Last => Epochs[^1];
}

namespace Workbook.Training;

/// <summary>One timed epoch. When <see cref="StepsRun"/> &lt; <see cref="StepsPerEpoch"/> the time is extrapolated.</summary>
public sealed record EpochResult(int Epoch, int StepsRun, int StepsPerEpoch, double MeasuredSeconds, double EpochSeconds,
    double SamplesPerSecond, double TrainLoss, double? TestAccuracy)
{
    public bool Estimated => StepsRun < StepsPerEpoch;
}

/// <summary>A whole training run: warm-up time on its own, then each epoch.</summary>
public sealed record TrainResult(double WarmupSeconds, IReadOnlyList<EpochResult> Epochs)
{
    public EpochResult Last => Epochs[^1];
}

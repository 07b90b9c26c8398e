namespace Workbook.Training;

public enum OptimizerKind { Adadelta, Adam }

/// <summary>Where the training data lives during an epoch.</summary>
public enum Placement
{
    /// <summary>The whole dataset moved to the device once; batches are slices there.</summary>
    Resident,

    /// <summary>Each batch copied host-to-device inside the step, as Keras feeds numpy arrays.</summary>
    Streamed,
}

/// <summary>The blog's settings by default: batch 128, one epoch, Adadelta with lr 1.0 as in Keras's mnist_cnn.</summary>
public sealed record TrainOptions
{
    public int BatchSize { get; init; } = 128;
    public int Epochs { get; init; } = 1;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adadelta;
    public Placement Placement { get; init; } = Placement.Resident;

    /// <summary>Steps run before the clock starts (first-call allocation, kernel selection), reported on their own, then
    /// rewound: the epoch starts from the seeded weights with a fresh optimizer.</summary>
    public int WarmupSteps { get; init; } = 3;

    public long Seed { get; init; } = 0;

    /// <summary>Stop each epoch after this many steps and extrapolate its time (the CPU budget for the deep CNN).</summary>
    public int? MaxStepsPerEpoch { get; init; }

    /// <summary>
    /// When an epoch on this device would take longer than this, it is measured for <see cref="EstimateSteps"/> steps and
    /// its time extrapolated (and the result says so). Null: always run the whole epoch.
    /// </summary>
    public double? EpochBudgetSeconds { get; init; }

    public int EstimateSteps { get; init; } = 20;

    public bool Evaluate { get; init; } = true;

    /// <summary>Evaluation runs under no_grad, so it can use a larger batch than training.</summary>
    public int EvalBatchSize { get; init; } = 1000;
}

/// <summary>Where a run is: phase ("warm-up", "epoch 1", "evaluate") and step out of total.</summary>
public readonly record struct TrainProgress(string Phase, int Step, int TotalSteps);

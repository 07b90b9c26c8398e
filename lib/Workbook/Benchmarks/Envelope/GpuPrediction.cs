namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// A predicted training step on one GPU, split into its three terms: kernels limited by arithmetic, kernels limited by
/// memory bandwidth, and launches. <see cref="StreamedCopySeconds"/> is what copying the batch over the host link
/// would add each step if the data were not already on the device (not in <see cref="StepSeconds"/>).
/// </summary>
public sealed record GpuPrediction(string Model, GpuSpec Gpu, double Efficiency, LaunchCost Launch, int Launches,
    double ArithmeticSeconds, double MemorySeconds, double LaunchSeconds, double StreamedCopySeconds)
{
    /// <summary>The blog's epoch: 60,000 images at batch 128 is 469 steps (the last one short, counted whole).</summary>
    public const int BlogEpochImages = 60_000;

    public double StepSeconds => ArithmeticSeconds + MemorySeconds + LaunchSeconds;

    public double EpochSeconds(int batchSize) => StepSeconds * Math.Ceiling(BlogEpochImages / (double)batchSize);

    /// <summary>The largest of the three terms and its share of the step.</summary>
    public (string Term, double Share) Dominant
    {
        get
        {
            (string, double)[] terms = [("arithmetic", ArithmeticSeconds), ("memory traffic", MemorySeconds), ("launches", LaunchSeconds)];
            var (term, seconds) = terms.MaxBy(t => t.Item2);
            return (term, StepSeconds > 0 ? seconds / StepSeconds : 0);
        }
    }
}

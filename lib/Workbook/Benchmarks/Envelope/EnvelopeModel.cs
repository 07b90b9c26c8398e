namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// The prediction, kept simple enough to redo by hand: each group of kernels takes the longer of its arithmetic at
/// the GPU's float32 peak times an efficiency and its bytes at the memory bandwidth (a roofline per layer and phase);
/// the groups add up, and every launch adds the launch cost on top (summed, not overlapped with the kernels: a GPU
/// can run one kernel while the CPU launches the next, so this leans slow, by at most the smaller of the two totals).
/// </summary>
public static class EnvelopeModel
{
    /// <summary>
    /// The share of the float32 peak a kernel is assumed to reach: an assumption, not a measurement. Large cuDNN
    /// convolutions and GEMMs reach 50-80% of peak; the small ones here reach less, but those are launch-bound anyway.
    /// </summary>
    public const double DefaultEfficiency = 0.5;

    public static GpuPrediction Predict(StepCount count, GpuSpec gpu, LaunchCost launch, double efficiency = DefaultEfficiency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(efficiency);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(efficiency, 1);
        var flopsPerSecond = gpu.Fp32Tflops * 1e12 * efficiency;
        var bytesPerSecond = gpu.MemoryGBps * 1e9;
        double arithmetic = 0, memory = 0;
        foreach (var g in count.Groups)
        {
            var compute = g.Flops / flopsPerSecond;
            var traffic = g.Bytes / bytesPerSecond;
            if (compute >= traffic) arithmetic += compute;
            else memory += traffic;
        }
        // A streamed batch: float32 images (1x28x28 for MNIST) and int64 labels over the host link.
        var batchBytes = count.BatchSize * (count.InputElements * 4.0 + 8);
        return new GpuPrediction(count.Model, gpu, efficiency, launch, count.Launches, arithmetic, memory,
            count.Launches * launch.Seconds, batchBytes / (gpu.HostLinkGBps * 1e9));
    }
}

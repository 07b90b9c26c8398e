namespace Workbook.Benchmarks.Envelope;

/// <summary>What one kernel launch costs on a GPU, and whether that was measured on the device or is a cited figure.</summary>
public sealed record LaunchCost(double Seconds, bool Measured, string Source)
{
    /// <summary>
    /// Cited, not measured (no GPU here): PyTorch eager mode spends a few microseconds of CPU time per operation on
    /// dispatch and the CUDA launch, which is why CUDA Graphs exist; 5 µs is the order commonly measured. Sources:
    /// PyTorch's "Accelerating PyTorch with CUDA Graphs" (2021) and NVIDIA's "Getting Started with CUDA Graphs" (2019).
    /// </summary>
    public static LaunchCost Cited { get; } = new(5e-6, false,
        "cited, not measured here: about 5 µs per operation in PyTorch eager mode on CUDA (pytorch.org/blog/accelerating-pytorch-with-cuda-graphs/, " +
        "developer.nvidia.com/blog/cuda-graphs/)");

    /// <summary>A launch timed on the device itself (the smallest operation, many times, synchronised).</summary>
    public static LaunchCost OnDevice(double seconds, string device) =>
        new(seconds, true, $"measured on {device}: the smallest operation, timed many times");
}

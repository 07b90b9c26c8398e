namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// A GPU's published limits, each with where it was published: float32 on the ordinary (non-tensor) cores, which the
/// envelope predicts with; TF32 on the tensor cores where the GPU has them (shown, not used: PyTorch lets cuDNN's
/// convolutions use TF32 by default, so a measured step can beat the prediction); memory bandwidth; the host link
/// that a streamed batch crosses. A figure derived from others (cores x 2 x boost clock) says so in its source. Pages
/// are named without their https:// prefix: the notebooks' outputs must not look like something fetched (a test checks).
/// </summary>
public sealed record GpuSpec(string Key, string Name, string Era, double Fp32Tflops, string Fp32Source, double? Tf32DenseTflops, string? Tf32Source,
    double MemoryGBps, string MemorySource, double HostLinkGBps, string HostLinkSource)
{
    /// <summary>Whether a measured row's device name (nvidia-smi's, e.g. "NVIDIA H200") is this GPU.</summary>
    public bool Matches(string? deviceName) =>
        deviceName is not null && deviceName.Replace(" ", "").Contains(Key.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
}

/// <summary>The small table the envelope predicts for: the GPU the workbook's GPU run targets, a current laptop GPU, and one of the blog's era.</summary>
public static class GpuSpecs
{
    const string H200Page = "NVIDIA H200 Tensor Core GPU datasheet, www.nvidia.com/en-us/data-center/h200/ (H200 SXM column)";

    public static GpuSpec H200 { get; } = new("H200", "NVIDIA H200 SXM", "2024, the workbook's GPU run",
        67, H200Page,
        // The datasheet prints 989 TFLOPS for TF32 Tensor Core with the footnote "with sparsity"; dense is half.
        494.5, H200Page + ": 989 TFLOPS with 2:4 sparsity, halved for dense",
        4800, H200Page + ": HBM3e 4.8 TB/s",
        64, "PCIe Gen5 x16, 64 GB/s each way (the datasheet's 128 GB/s counts both directions)");

    public static GpuSpec Rtx4060Laptop { get; } = new("RTX 4060 Laptop", "GeForce RTX 4060 Laptop GPU", "2023, a current laptop",
        // 3072 CUDA cores x 2 FLOPs (an FMA) x 2.37 GHz, the top of NVIDIA's boost range (1470-2370 MHz); laptops set their own.
        3072 * 2 * 2.37 / 1000, "derived: 3,072 CUDA cores x 2 x 2.37 GHz boost, from NVIDIA's GeForce RTX 40 laptop specifications, www.nvidia.com/en-us/geforce/laptops/40-series/",
        null, null,
        256, "128-bit GDDR6 at 16 Gbps = 256 GB/s (TechPowerUp GPU database, www.techpowerup.com/gpu-specs/geforce-rtx-4060-mobile.c3946)",
        16, "PCIe 4.0 x8, about 16 GB/s each way (same TechPowerUp page)");

    public static GpuSpec Gtx1060 { get; } = new("GTX 1060", "GeForce GTX 1060 6GB", "2016, common in the blog's 2022",
        // 1280 CUDA cores x 2 x 1.708 GHz boost = 4.37 TFLOPS.
        1280 * 2 * 1.708 / 1000, "derived: 1,280 CUDA cores x 2 x 1.708 GHz boost, from NVIDIA's GTX 1060 specifications, www.nvidia.com/en-gb/geforce/graphics-cards/geforce-gtx-1060/specifications/",
        null, null,
        192, "192-bit GDDR5 at 8 Gbps = 192 GB/s (same page, www.nvidia.com/en-gb/geforce/graphics-cards/geforce-gtx-1060/specifications/)",
        15.75, "PCIe 3.0 x16, 15.75 GB/s each way (PCI-SIG's 8 GT/s with 128b/130b encoding)");

    public static IReadOnlyList<GpuSpec> All { get; } = [H200, Rtx4060Laptop, Gtx1060];

    /// <summary>The spec of a measured row's GPU, if the table has it.</summary>
    public static GpuSpec? For(string? deviceName) => All.FirstOrDefault(s => s.Matches(deviceName));
}

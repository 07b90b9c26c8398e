using System.Text.RegularExpressions;

namespace Workbook.Devices;

/// <summary>
/// The one rule for reading a device name ("cpu", "cuda", "cuda:1"): every table, claim and chart asks here whether a
/// row ran on a GPU, instead of comparing strings three different ways.
/// </summary>
public static partial class DeviceNames
{
    public const string Cpu = "cpu";

    /// <summary>What a plan asks for to mean every usable CUDA device; the runner expands it to "cuda:0", "cuda:1", ...
    /// A row that still says "cuda" ran on none (no usable GPU: it was skipped).</summary>
    public const string Cuda = "cuda";

    /// <summary>True for "cuda" and "cuda:N", the only GPUs libtorch's CUDA build offers here.</summary>
    public static bool IsGpu(string device) => device.StartsWith(Cuda, StringComparison.Ordinal);

    public static bool IsCpu(string device) => device == Cpu;

    /// <summary>"cuda:N", the name torch gives the GPU of that index.</summary>
    public static string Gpu(int index) => $"{Cuda}:{index}";

    /// <summary>A name a user may ask for: cpu, cuda (every usable GPU) or cuda:N.</summary>
    public static bool IsKnown(string device) => IsCpu(device) || device == Cuda || OneGpu().IsMatch(device);

    [GeneratedRegex(@"^cuda:\d+$")]
    private static partial Regex OneGpu();
}

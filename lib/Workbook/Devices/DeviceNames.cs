namespace Workbook.Devices;

/// <summary>
/// The one rule for reading a device name ("cpu", "cuda", "cuda:1"): every table, claim and chart asks here whether a
/// row ran on a GPU, instead of comparing strings three different ways.
/// </summary>
public static class DeviceNames
{
    public const string Cpu = "cpu";

    /// <summary>True for "cuda" and "cuda:N", the only GPUs libtorch's CUDA build offers here.</summary>
    public static bool IsGpu(string device) => device.StartsWith("cuda", StringComparison.Ordinal);
}

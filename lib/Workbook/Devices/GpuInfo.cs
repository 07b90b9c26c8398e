using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbook.Devices;

/// <summary>One NVIDIA GPU as the driver describes it (TorchSharp has no API for names, memory or compute capability).</summary>
public sealed record GpuInfo(int Index, string Name, double MemoryGiB, string ComputeCapability, string DriverVersion, string CudaVersion);

/// <summary>Asks nvidia-smi, the tool every NVIDIA driver installs.</summary>
public static partial class NvidiaSmi
{
    /// <summary>The GPUs the driver sees, or null with the reason when there is no usable driver.</summary>
    public static (IReadOnlyList<GpuInfo>? Gpus, string? Absence) Query()
    {
        var list = Run("--query-gpu=index,name,memory.total,compute_cap,driver_version --format=csv,noheader,nounits");
        if (list.Error is not null) return (null, list.Error);
        var header = Run("");
        var cuda = header.Output is null ? "unknown" : CudaVersion().Match(header.Output) is { Success: true } m ? m.Groups[1].Value : "unknown";
        var gpus = new List<GpuInfo>();
        foreach (var line in list.Output!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length < 5) continue;
            gpus.Add(new GpuInfo(int.Parse(f[0], CultureInfo.InvariantCulture), f[1],
                double.TryParse(f[2], CultureInfo.InvariantCulture, out var mib) ? Math.Round(mib / 1024, 1) : 0, f[3], f[4], cuda));
        }
        return gpus.Count == 0 ? (null, "nvidia-smi lists no GPU") : (gpus, null);
    }

    static (string? Output, string? Error) Run(string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("nvidia-smi", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(15000)) { p.Kill(); return (null, "nvidia-smi did not answer within 15 s (driver hung?)"); }
            return p.ExitCode == 0 ? (output, null) : (null, $"nvidia-smi failed ({p.ExitCode}): {(output + error).Trim()}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "no NVIDIA driver: nvidia-smi is not installed");
        }
    }

    [GeneratedRegex(@"CUDA Version:\s*([0-9.]+)")]
    private static partial Regex CudaVersion();
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Runtime;

namespace Workbook.Benchmarks;

/// <summary>
/// Everything someone needs to know to reproduce (or distrust) a number: in the spirit of torch.utils.collect_env.
/// </summary>
/// <param name="WrongKernels">The CPU's kernel table in one line ("none of 34 kernels wrong ..." or which are, see
/// <see cref="KernelTable"/>); null in runs saved before it was recorded.</param>
/// <param name="Glue">TorchSharp's native glue and what vouches for it against this libtorch, e.g. "libtorch 2.11.0+cu130, glue rebuilt
/// on this machine, 0 unresolved symbols" (<see cref="NativeLayout.Glue"/>); null in runs saved before it was recorded.</param>
public sealed record EnvironmentFingerprint(string Machine, string Os, string Cpu, int PhysicalCores, int LogicalCores, int TorchThreads,
    string CpuFlags, string Gpus, string Driver, string Cuda, string TorchSharp, string LibTorch, string Backend,
    bool CompatibilityFix, string DotNet, string DateUtc, string GitCommit, string? WrongKernels = null, string? Glue = null)
{
    public static EnvironmentFingerprint Capture(DeviceReport devices)
    {
        var runtime = TorchRuntime.Initialize();
        var gpu = devices.Gpus;
        return new EnvironmentFingerprint(
            Environment.MachineName, RuntimeInformation.OSDescription, devices.Cpu.Model, devices.Cpu.PhysicalCores, devices.Cpu.LogicalCores,
            global::TorchSharp.torch.get_num_threads(), string.Join(" ", devices.Cpu.IsaFlags),
            gpu.Count == 0 ? $"none ({devices.GpuAbsence})" : string.Join("; ", gpu.Select(g => $"{g.Name} {g.MemoryGiB} GiB cc{g.ComputeCapability}")),
            gpu.Count == 0 ? "n/a" : gpu[0].DriverVersion, gpu.Count == 0 ? "n/a" : gpu[0].CudaVersion,
            runtime.TorchSharpVersion, runtime.LibTorchVersion, runtime.Backend, runtime.CompatibilityFixApplied,
            RuntimeInformation.FrameworkDescription, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), ReadGitCommit(),
            KernelTable.Summary(KernelTable.Cpu()), runtime.Glue);
    }

    static string ReadGitCommit()
    {
        var root = Data.DataFolder.RepositoryRoot();
        if (root is null) return "unknown";
        try
        {
            using var p = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var sha = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return p.ExitCode == 0 && sha.Length > 0 ? sha : "unknown";
        }
        catch (System.ComponentModel.Win32Exception) { return "unknown"; }
    }
}

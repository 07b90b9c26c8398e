using System.Runtime.InteropServices;
using TorchSharp;

namespace Workbook.Devices;

/// <summary>Which precision a device is offered in, and why not where it is not: never a slow emulation without saying so.</summary>
public static class PrecisionSupport
{
    /// <summary>Null where <paramref name="precision"/> runs on <paramref name="device"/>, else the reason and the fix.</summary>
    /// <param name="cpuBf16">What <see cref="Bf16Instructions.Found"/> says for this CPU.</param>
    /// <param name="gpuComputeCapability">The GPU's compute capability ("9.0"), where the device is one.</param>
    public static string? WhyNot(Precision precision, string device, string? cpuBf16, string? gpuComputeCapability)
    {
        var gpu = DeviceNames.IsGpu(device);
        var major = double.TryParse(gpuComputeCapability, System.Globalization.CultureInfo.InvariantCulture, out var cc) ? cc : 0;
        return precision switch
        {
            Precision.Tf32 when !gpu => "tf32 is an NVIDIA GPU format (Ampere and later); no CPU computes in it. Use float32 on the CPU, or --devices cuda.",
            Precision.Tf32 when major < 8 => $"tf32 needs an NVIDIA GPU of compute capability 8.0 or later (Ampere); {device} has {gpuComputeCapability ?? "an unknown one"}.",
            Precision.Bf16 when !gpu && cpuBf16 is null && RuntimeInformation.ProcessArchitecture != Architecture.X64 =>
                $"bf16 is not offered on this CPU ({RuntimeInformation.ProcessArchitecture}): the workbook finds bf16 instructions on x86-64 only (AVX512_BF16, AMX-BF16), and has not measured another. Use float32 here.",
            Precision.Bf16 when !gpu && cpuBf16 is null =>
                "bf16 is not offered on this CPU: it reports neither AVX512_BF16 nor AMX-BF16 (CPUID), so libtorch would convert every bf16 value to float32 and back, slower than float32 itself. " +
                "Use float32 here; bf16 runs on AMD Zen 4 and later, Intel Cooper Lake or Sapphire Rapids and later, or an NVIDIA GPU of compute capability 8.0 or later.",
            Precision.Bf16 when gpu && major < 8 => $"bf16 needs an NVIDIA GPU of compute capability 8.0 or later (Ampere); {device} has {gpuComputeCapability ?? "an unknown one"}.",
            _ => null,
        };
    }

    /// <summary>The precision a row computed in, as its results say it: on CUDA read from libtorch's switches.</summary>
    public static string Label(Precision precision, string device)
    {
        if (precision == Precision.Bf16) return "bf16 mixed (float32 weights, loss and batch-norm statistics)";
        if (!DeviceNames.IsGpu(device)) return "float32";
        var (convs, matmuls) = (torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32);
        return (convs, matmuls) switch
        {
            (true, true) => "tf32 (convolutions and matmuls)",
            (true, false) => precision == Precision.Float32 ? "float32, convolutions in TF32 (libtorch's default)" : "float32, convolutions in TF32",
            (false, true) => "float32, matmuls in TF32",
            _ => "float32 (TF32 off)",
        };
    }
}

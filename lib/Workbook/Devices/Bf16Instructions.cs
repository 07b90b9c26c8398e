using System.Runtime.Intrinsics.X86;

namespace Workbook.Devices;

/// <summary>
/// Whether this CPU computes bf16 in hardware, from CPUID itself (the same answer on Linux and Windows): AVX512_BF16
/// (AMD Zen 4 and later, Intel Cooper Lake and later: VDPBF16PS does two bf16 products per float32 lane, Intel SDM vol. 2)
/// or AMX-BF16 (Intel Sapphire Rapids and later: tile matrix multiply). Without either, libtorch computes bf16 by
/// converting to float32 and back, slower than float32 itself.
/// </summary>
public static class Bf16Instructions
{
    /// <summary>"AMX-BF16", "AVX512_BF16", or null where the CPU has neither (or the OS does not enable AVX-512).</summary>
    public static string? Found()
    {
        if (!X86Base.IsSupported || !Avx512F.IsSupported) return null;
        var (_, _, _, edx7) = X86Base.CpuId(7, 0);
        var (eax71, _, _, _) = X86Base.CpuId(7, 1);
        return (edx7 & (1 << 22)) != 0 ? "AMX-BF16" : (eax71 & (1 << 5)) != 0 ? "AVX512_BF16" : null;
    }
}

namespace Workbook.Benchmarks.Perf;

/// <summary>
/// What the instruction set allows in bf16, beside the measured float32 FMA peak. Stated, not measured: C# has no
/// intrinsic for VDPBF16PS or AMX to time, so the limit comes from the instruction's definition.
/// - AVX512_BF16: VDPBF16PS adds two bf16 products per float32 lane to the accumulator, twice VFMADD's 2 FLOPs per lane
///   at the same width and, on Zen 4 and on Intel since Cooper Lake, the same throughput (Intel SDM vol. 2): 2x the
///   measured 512-bit FMA rate.
/// - AMX-BF16: TDPBF16PS, a 16x32 by 32x16 bf16 tile product, 1,024 multiply-adds per cycle per core on Sapphire Rapids
///   (Intel optimization reference manual, AMX chapter); the clock is not known here, so no GFLOP/s is printed.
/// </summary>
public static class Bf16Limit
{
    /// <summary>The limit in GFLOP/s where it follows from a measured rate, and a one-word source for `perf peak`.</summary>
    /// <param name="fma512">The measured 512-bit FMA rate on the same threads, where the CPU has one.</param>
    public static (double? Gflops, string Source) Of(string? instructions, FmaRate? fma512) => instructions switch
    {
        "AVX512_BF16" when fma512 is not null => (2 * fma512.GflopsPerSecond, "2x_fma512_VDPBF16PS"),
        "AVX512_BF16" => (null, "2x_fma512_VDPBF16PS_not_measured"),
        "AMX-BF16" => (null, "AMX_1024_bf16_FMA_per_cycle_per_core"),
        _ => (null, "none_no_AVX512_BF16_or_AMX"),
    };
}

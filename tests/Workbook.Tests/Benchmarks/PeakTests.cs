using Workbook.Benchmarks.Perf;
using Workbook.Runtime;
using Workbook.Tests.Cli;
using static TorchSharp.torch;

namespace Workbook.Tests.Benchmarks;

/// <summary>
/// The FMA peak and torch's GEMM are measured and reported against each other; "% of peak" can never read above 100%.
/// No test here asserts a speed or a ratio of two measured speeds: both move with whatever else the machine runs (on 2
/// shared vCPUs, by 2x), so such a test fails for no fault of the code. Speeds belong in benchmarks
/// (tools/bench-vs-pytorch.sh, `workbook perf`); these tests check what the code reports and how.
/// </summary>
public class PeakTests
{
    public PeakTests() => TorchRuntime.Initialize();

    [Fact]
    public void The_fma_peak_and_torchs_gemm_are_reported_for_the_threads_asked()
    {
        var threads = Math.Min(get_num_threads(), Environment.ProcessorCount);
        var peak = FmaPeak.Peak(threads, rounds: 3);
        Assert.NotNull(peak);
        Assert.Equal(threads, peak.Threads);
        Assert.Contains(peak.VectorBits, FmaPeak.SupportedWidths);
        Assert.True(double.IsFinite(peak.GflopsPerSecond) && peak.GflopsPerSecond > 0, $"FMA peak {peak.GflopsPerSecond}");
        var gemm = MatmulPeak.GflopsPerSecond(size: 1024, repeats: 5);
        Assert.True(double.IsFinite(gemm) && gemm > 0, $"GEMM {gemm}");
        // Reported against the peak: a share where the GEMM stayed under it, none where a noisy run put it above.
        if (PeakShare.Percent(gemm, peak.GflopsPerSecond) is { } share) Assert.Equal(100 * gemm / peak.GflopsPerSecond, share, 9);
        else Assert.True(gemm > peak.GflopsPerSecond);
    }

    [Fact]
    public void Each_width_the_cpu_supports_is_measured_on_at_most_one_thread_per_cpu()
    {
        Assert.NotEmpty(FmaPeak.SupportedWidths); // every x86-64 CPU that runs libtorch 2.10's CPU build has FMA3
        foreach (var bits in FmaPeak.SupportedWidths)
        {
            var one = FmaPeak.Measure(bits, 1, rounds: 3);
            Assert.Equal(bits, one.VectorBits);
            Assert.Equal(1, one.Threads);
            Assert.True(one.GflopsPerSecond > 0);
        }
        // Oversubscribed threads add no FMA units: asked for 2x the CPUs, it measures on one thread per CPU. (A rule of
        // the code, not a ratio of two measured speeds: those move with whatever else the machine runs.)
        var over = FmaPeak.Measure(FmaPeak.SupportedWidths[0], 2 * Environment.ProcessorCount, rounds: 1);
        Assert.Equal(Environment.ProcessorCount, over.Threads);
        var error = Assert.Throws<ArgumentException>(() => FmaPeak.Measure(128, 1));
        Assert.Contains("no 128-bit FMA", error.Message);
    }

    [Theory]
    [InlineData(50.0, 100.0, "50%")]
    [InlineData(100.0, 100.0, "100%")]
    [InlineData(164.0, 100.0, "n/a")] // the old "164% of matmul peak": a rate above the limit gets no percentage
    [InlineData(10.0, null, "n/a")]
    public void A_percentage_of_peak_is_never_above_100(double gflops, double? peak, string printed)
    {
        Assert.Equal(printed, PeakShare.Format(gflops, peak));
        if (PeakShare.Percent(gflops, peak) is { } p) Assert.InRange(p, 0, 100);
    }

    [Fact]
    public void Perf_peak_prints_both_peaks_and_the_gemms_share_of_the_real_one()
    {
        var (exit, output) = CliRun.InProcess("perf", "peak", "--threads", "1");
        Assert.Equal(0, exit);
        var fields = output.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal("1", fields["threads"]);
        var peak = double.Parse(fields["peak_gflops"], System.Globalization.CultureInfo.InvariantCulture);
        var gemm = double.Parse(fields["matmul_gflops"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(double.IsFinite(peak) && peak > 0, output);
        Assert.True(double.IsFinite(gemm) && gemm > 0, output);
        Assert.True(fields.ContainsKey("fma256_gflops"), output);
        Assert.Equal(FmaPeak.SupportedWidths.Contains(512), fields.ContainsKey("fma512_gflops"));
        // The peak is the fastest width measured (a rule of the code, checked on the printed figures, not a speed).
        Assert.Equal(fields.Where(f => f.Key.StartsWith("fma", StringComparison.Ordinal)).Max(f => double.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture)), peak);
        // The bf16 limit beside it: twice the 512-bit FMA rate where the CPU has AVX512_BF16, stated otherwise; and torch's
        // bf16 matmul measured (slow where the CPU converts bf16 to float32 and back).
        var bf16 = Workbook.Devices.Bf16Instructions.Found();
        Assert.Equal(bf16 switch { "AVX512_BF16" => "2x_fma512_VDPBF16PS", "AMX-BF16" => "AMX_1024_bf16_FMA_per_cycle_per_core", _ => "none_no_AVX512_BF16_or_AMX" },
            fields["bf16_limit"]);
        if (bf16 == "AVX512_BF16")
            Assert.Equal(2 * double.Parse(fields["fma512_gflops"], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(fields["bf16_limit_gflops"], System.Globalization.CultureInfo.InvariantCulture), 0.11);
        else Assert.Equal("n/a", fields["bf16_limit_gflops"]);
        Assert.True(double.Parse(fields["bf16_matmul_gflops"], System.Globalization.CultureInfo.InvariantCulture) > 0, output);
        // The GEMM's share of that peak: a percentage within 1.5 points of the printed figures' ratio (they are rounded to
        // 0.1), or "n/a" only where the GEMM printed at or above the peak.
        if (fields["matmul_of_peak"] == "n/a") Assert.True(gemm >= peak - 0.1, output);
        else
        {
            Assert.Matches(@"^\d{1,3}%$", fields["matmul_of_peak"]);
            var share = 100 * gemm / peak;
            Assert.InRange((double)int.Parse(fields["matmul_of_peak"].TrimEnd('%')), Math.Max(0, share - 1.5), Math.Min(100, share + 1.5));
        }
    }
}

using Workbook.Benchmarks.Perf;
using Workbook.Runtime;
using Workbook.Tests.Cli;
using static TorchSharp.torch;

namespace Workbook.Tests.Benchmarks;

/// <summary>The real peak bounds every rate measured against it; "% of peak" can never read above 100%.</summary>
public class PeakTests
{
    public PeakTests() => TorchRuntime.Initialize();

    [Fact]
    public void The_fma_peak_bounds_torchs_gemm_on_the_same_threads()
    {
        // A physical invariant, not a time: a GEMM is made of fused multiply-adds, so no GEMM can beat the CPU's FMA
        // rate on the same threads, however fast or loaded the machine is (the peak counts only time the threads ran).
        var threads = get_num_threads();
        var peak = FmaPeak.Peak(threads, rounds: 3);
        Assert.NotNull(peak);
        var gemm = MatmulPeak.GflopsPerSecond(size: 1024, repeats: 5);
        Assert.True(gemm > 0);
        Assert.True(peak.GflopsPerSecond >= gemm, $"FMA peak {peak.GflopsPerSecond:F1} GFLOP/s below torch's GEMM {gemm:F1} on {threads} threads");
        Assert.InRange(PeakShare.Percent(gemm, peak.GflopsPerSecond)!.Value, 0, 100);
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
        Assert.True(peak >= gemm, output);
        Assert.True(fields.ContainsKey("fma256_gflops"), output);
        Assert.Equal(FmaPeak.SupportedWidths.Contains(512), fields.ContainsKey("fma512_gflops"));
        Assert.Matches(@"^\d{1,3}%$", fields["matmul_of_peak"]);
        Assert.InRange(int.Parse(fields["matmul_of_peak"].TrimEnd('%')), 0, 100);
    }
}

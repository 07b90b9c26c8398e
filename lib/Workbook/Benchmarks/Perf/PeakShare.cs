namespace Workbook.Benchmarks.Perf;

/// <summary>
/// "% of peak", against the CPU's real limit (<see cref="FmaPeak"/>), never against a library's GEMM. A rate above the
/// limit is a broken measurement (a FLOP count that overstates the work, or a peak measured on other threads), not a
/// result: it gets no percentage at all, so no printed figure can exceed 100%.
/// </summary>
public static class PeakShare
{
    /// <summary>Percent of <paramref name="peakGflops"/>, or null when the rate is above it (or the peak is unknown).</summary>
    public static double? Percent(double gflops, double? peakGflops) =>
        peakGflops is > 0 && gflops >= 0 && gflops <= peakGflops ? 100 * gflops / peakGflops : null;

    /// <summary>As printed by the tools: "72%", or "n/a" where <see cref="Percent"/> refuses.</summary>
    public static string Format(double gflops, double? peakGflops) =>
        Percent(gflops, peakGflops) is { } p ? $"{p:F0}%" : "n/a";
}

using Workbook.Benchmarks.Perf;

namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// The CPU's measured step against the machine's real limit (<see cref="FmaPeak"/>, never a library's matmul): how long
/// the step's FLOPs would take at that peak, and the share of it the step reached. Null share: the step ran faster than
/// the peak allows, so the count or the peak is wrong (<see cref="PeakShare"/>).
/// </summary>
public sealed record CpuSplit(string Model, double Flops, MeasuredStep Measured, double PeakGflops, int Threads)
{
    public double AtPeakSeconds => Flops / (PeakGflops * 1e9);

    public double? PercentOfPeak => PeakShare.Percent(Flops / Measured.Median / 1e9, PeakGflops);
}

using System.Diagnostics;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Perf;

/// <summary>
/// torch's own float32 matmul (2048x2048), the fastest of several runs on the current threads: what the BLAS inside
/// libtorch makes of the machine. It is a workload, not the machine's limit (that is <see cref="FmaPeak"/>): on a Zen 5
/// oneMKL ran 256-bit code at 84.8 GFLOP/s on a core that does about 200. The fastest run, because on a shared machine
/// the median of 2-thread runs once read half the best.
/// </summary>
public static class MatmulPeak
{
    /// <param name="dtype">float32, or bfloat16 for the bf16 rate beside it (where the CPU has no bf16 instructions, libtorch
    /// converts each value to float32 and back, and this is how slow that is).</param>
    public static double GflopsPerSecond(int size = 2048, int repeats = 10, ScalarType dtype = ScalarType.Float32) =>
        2.0 * size * size * size / Seconds(size, repeats, dtype).Min() / 1e9;

    /// <summary>Each run's seconds, after one warm-up run (thread pool, packing buffers): for a spread, where a page compares two formats.</summary>
    public static IReadOnlyList<double> Seconds(int size, int repeats, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        var a = randn(size, size).to(dtype);
        var b = randn(size, size).to(dtype);
        a.matmul(b).Dispose();
        var seconds = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using (a.matmul(b)) { }
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }
}

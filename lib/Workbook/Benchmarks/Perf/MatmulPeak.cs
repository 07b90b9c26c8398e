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
    public static double GflopsPerSecond(int size = 2048, int repeats = 10)
    {
        using var scope = NewDisposeScope();
        var a = randn(size, size);
        var b = randn(size, size);
        a.matmul(b).Dispose(); // warm-up: thread pool and packing buffers
        var seconds = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using (a.matmul(b)) { }
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return 2.0 * size * size * size / seconds.Min() / 1e9;
    }

}

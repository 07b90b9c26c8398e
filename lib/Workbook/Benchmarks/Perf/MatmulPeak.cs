using System.Diagnostics;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Perf;

/// <summary>
/// The machine's practical float32 ceiling on the current threads: torch's own matmul, the fastest of several runs. A
/// peak is the best the machine can do; on a shared machine the median of 2-thread runs once read half the true value,
/// which would flatter every "% of peak" computed from it.
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

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbook.Benchmarks.Perf;

/// <summary>The fused-multiply-add limit of this CPU at one vector width, on some number of threads.</summary>
public sealed record FmaRate(int VectorBits, int Threads, double GflopsPerSecond);

/// <summary>
/// The CPU's real float32 limit: a loop of 12 independent fused multiply-adds per thread (12 chains cover the FMA
/// latency of 4 cycles on 2 FMA pipes with room to spare), at 512 bits where .NET reports AVX-512 and at 256 bits. A
/// library GEMM is not a peak: oneMKL runs 256-bit code on AMD CPUs, which on a Zen 5 is half the machine (84.8
/// against about 200 GFLOP/s on one thread), so "% of matmul peak" once printed 164%. Each thread times itself by its
/// own CPU time (CLOCK_THREAD_CPUTIME_ID), so time it spent descheduled on a shared machine does not count, and keeps
/// its best round: the figure is what the cores do while they run, the limit no workload can beat.
/// </summary>
public static class FmaPeak
{
    const int Chains = 12;
    const long IterationsPerRound = 20_000_000; // ~65 ms a round at 512 bits on a 3.7 GHz Zen 4

    /// <summary>The widths this CPU runs FMA at, widest first: 512 (AVX-512F, accelerated), 256 (FMA3); none elsewhere.</summary>
    public static IReadOnlyList<int> SupportedWidths { get; } =
        [.. new (int Bits, bool Ok)[] { (512, Avx512F.IsSupported && Vector512.IsHardwareAccelerated), (256, Fma.IsSupported) }.Where(w => w.Ok).Select(w => w.Bits)];

    /// <summary>The best FMA rate at <paramref name="vectorBits"/> on <paramref name="threads"/> threads at once, each thread's best of <paramref name="rounds"/>.</summary>
    public static FmaRate Measure(int vectorBits, int threads, int rounds = 7)
    {
        if (!SupportedWidths.Contains(vectorBits))
            throw new ArgumentException($"this CPU has no {vectorBits}-bit FMA; it supports: {string.Join(", ", SupportedWidths.DefaultIfEmpty(0))}", nameof(vectorBits));
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        // More threads than CPUs add no FMA units, but each would still count its own running time as if it had a
        // core to itself: measure on at most one thread per CPU, so the limit is never overstated.
        var workersCount = Math.Min(threads, Environment.ProcessorCount);
        var best = new double[workersCount];
        using var start = new Barrier(workersCount);
        var workers = Enumerable.Range(0, workersCount).Select(t => new Thread(() =>
        {
            Loop(vectorBits, 1000); // JIT and warm the FMA units before the timed rounds
            start.SignalAndWait(); // all threads run together: the limit of the cores in use, not of one core n times
            for (var r = 0; r < rounds; r++)
            {
                var before = ThreadCpuSeconds();
                Loop(vectorBits, IterationsPerRound);
                var seconds = ThreadCpuSeconds() - before;
                best[t] = Math.Max(best[t], FlopsPerRound(vectorBits) / seconds / 1e9);
            }
        })
        { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return new FmaRate(vectorBits, workersCount, best.Sum()); // the threads that ran, not the ones asked for
    }

    /// <summary>The machine's limit on <paramref name="threads"/> threads: the fastest of its FMA widths (null on a CPU without FMA).</summary>
    public static FmaRate? Peak(int threads, int rounds = 7) =>
        SupportedWidths.Select(bits => Measure(bits, threads, rounds)).MaxBy(r => r.GflopsPerSecond);

    static double FlopsPerRound(int bits) => 2.0 * Chains * (bits / 32) * IterationsPerRound;

    static float Loop(int bits, long iterations) => bits == 512 ? Loop512(iterations) : Loop256(iterations);

    // Each loop keeps its 12 accumulators and 2 operands in registers (checked with DOTNET_JitDisasm: 12 vfmadd213ps
    // and a counter per iteration). Top-level or captured locals were spilled to the stack, which halved the rate.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop512(long iterations)
    {
        var m = Vector512.Create(0.9999999f);
        var c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (var i = 0L; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c); a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c); a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11); // used, so the loop is not dead code
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.9999999f);
        var c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (var i = 0L; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c); a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c); a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>CPU time of the calling thread: excludes time the thread was not running.</summary>
    static double ThreadCpuSeconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var ts) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return ts.Seconds + ts.Nanoseconds / 1e9;
    }

    const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}

using Workbook.Runtime;
using Workbook.Training;

namespace Workbook.Tests.Training;

public class AdadeltaKernelTests
{
    public AdadeltaKernelTests() => TorchRuntime.Initialize();

    /// <summary>The fused kernel against PyTorch's formula in float64, over a length that leaves a scalar tail.</summary>
    [Fact]
    public void Kernel_matches_the_float64_formula_including_the_tail()
    {
        const int n = 1003;
        const double rho = 0.9, eps = 1e-6, lr = 1.0;
        var random = new Random(7);
        var w = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var s = new float[n];
        var a = new float[n];
        double[] w64 = [.. w.Select(v => (double)v)], s64 = new double[n], a64 = new double[n];
        for (var step = 0; step < 4; step++)
        {
            var g = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            AdadeltaKernel.Update(w, g, s, a, (float)lr, (float)rho, (float)eps);
            for (var i = 0; i < n; i++)
            {
                s64[i] = rho * s64[i] + (1 - rho) * g[i] * g[i];
                var delta = Math.Sqrt(a64[i] + eps) / Math.Sqrt(s64[i] + eps) * g[i];
                a64[i] = rho * a64[i] + (1 - rho) * delta * delta;
                w64[i] -= lr * delta;
            }
        }
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(w[i] - w64[i]) <= 1e-5 * (1 + Math.Abs(w64[i])), $"weight {i}: {w[i]} vs {w64[i]}");
            Assert.True(Math.Abs(a[i] - a64[i]) <= 1e-4 * a64[i] + 1e-12, $"acc_delta {i}: {a[i]} vs {a64[i]}");
        }
    }

    [Fact]
    public void Kernel_rejects_buffers_of_different_lengths() =>
        Assert.Throws<ArgumentException>(() => AdadeltaKernel.Update(new float[8], new float[8], new float[8], new float[7], 1, 0.9f, 1e-6f));
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbook.Training;

/// <summary>
/// PyTorch's Adadelta update fused into one vectorised pass over host memory: each element is read and written once
/// instead of once per tensor operation (11 of them). For the MLP's 101,770 parameters on one thread the step falls
/// from 0.30 ms as tensor operations to under 0.1 ms (docs/performance.md).
/// </summary>
public static class AdadeltaKernel
{
    /// <summary>square_avg = rho·square_avg + (1-rho)·g²; delta = √(acc_delta+eps) / √(square_avg+eps) · g;
    /// acc_delta = rho·acc_delta + (1-rho)·delta²; weights -= lr·delta.</summary>
    // Optimised from the first call: tier-0 code would make the first 30 steps of every run 10x slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(Span<float> weights, ReadOnlySpan<float> grads, Span<float> squareAvg, Span<float> accDelta,
        float lr, float rho, float eps)
    {
        var n = weights.Length;
        if (grads.Length != n || squareAvg.Length != n || accDelta.Length != n)
            throw new ArgumentException("weights, gradients and state must have the same length");
        var vectors = Vector.IsHardwareAccelerated ? n / Vector<float>.Count : 0;
        if (vectors > 0)
        {
            var w = MemoryMarshal.Cast<float, Vector<float>>(weights);
            var g = MemoryMarshal.Cast<float, Vector<float>>(grads);
            var s = MemoryMarshal.Cast<float, Vector<float>>(squareAvg);
            var a = MemoryMarshal.Cast<float, Vector<float>>(accDelta);
            Vector<float> vRho = new(rho), vKeep = new(1 - rho), vEps = new(eps), vLr = new(lr);
            for (var i = 0; i < vectors; i++)
            {
                var gi = g[i];
                var si = s[i] * vRho + vKeep * gi * gi;
                var delta = Vector.SquareRoot(a[i] + vEps) / Vector.SquareRoot(si + vEps) * gi;
                s[i] = si;
                a[i] = a[i] * vRho + vKeep * delta * delta;
                w[i] -= vLr * delta;
            }
        }
        for (var i = vectors * Vector<float>.Count; i < n; i++)
        {
            var gi = grads[i];
            var si = squareAvg[i] * rho + (1 - rho) * gi * gi;
            var delta = MathF.Sqrt(accDelta[i] + eps) / MathF.Sqrt(si + eps) * gi;
            squareAvg[i] = si;
            accDelta[i] = accDelta[i] * rho + (1 - rho) * delta * delta;
            weights[i] -= lr * delta;
        }
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>
/// How far a float32 result on a device is from the float64 reference computed on the CPU: the largest absolute
/// difference over the largest reference magnitude, so one number reads the same for logits and for gradients.
/// (Not called "accuracy": in this workbook that word means the share of test digits classified right.)
/// </summary>
public static class NumericError
{
    /// <summary>
    /// float32 on the CPU: rounding gives 1e-7 to 1e-5 on every kernel we measured, and the wrong oneDNN kernels seen
    /// on a Zen 5 CPU gave 0.2 to 0.8 (environment.md), so 1e-3 separates them by two orders of magnitude either way.
    /// </summary>
    public const double CpuTolerance = 1e-3;

    /// <summary>CUDA convolutions run in TF32 by default (10-bit mantissa, ~5e-4 per operation, compounding through
    /// a deep network), so a GPU gets 1e-2: still 20x below the smallest wrong-kernel error we have seen.</summary>
    public const double CudaTolerance = 1e-2;

    public static double ToleranceFor(Device device) => device.type == DeviceType.CPU ? CpuTolerance : CudaTolerance;

    /// <summary>
    /// One layer in bf16 mixed precision (8 bits of mantissa: inputs and weights rounded by up to 2^-9) against float64.
    /// Correct layers measured 0.0049 (mlp's 784→128 dense), 0.0086 (the Keras CNN's 32→64 convolution), 0.0094 (deep's
    /// 256→256) and 0.012 (deep-w64x3's 64→64) on the Zen 3 build machine (AMD EPYC family 25 model 1, bf16 computed by
    /// libtorch's float32 fallback); the wrong oneDNN kernels of a Zen 5 were off by 0.2 to 0.8. 0.05 is 4x the worst
    /// correct layer and a quarter of the smallest wrong one.
    /// </summary>
    public const double Bf16Tolerance = 0.05;

    /// <summary>The tolerance of one layer computed in <paramref name="precision"/> on <paramref name="device"/>.</summary>
    public static double ToleranceFor(Device device, Devices.Precision precision) =>
        precision == Devices.Precision.Bf16 ? Bf16Tolerance : ToleranceFor(device);

    /// <summary>max |candidate − reference| / max |reference|; +∞ when the candidate holds NaN or ∞.</summary>
    public static double RelativeError(Tensor reference, Tensor candidate)
    {
        using var scope = NewDisposeScope();
        var c = candidate.detach().to(float64).cpu();
        if (!c.isfinite().all().item<bool>()) return double.PositiveInfinity;
        var r = reference.detach().to(float64).cpu();
        var scale = r.abs().max().item<double>();
        return (c - r).abs().max().item<double>() / (scale > 0 ? scale : 1);
    }

    /// <summary>"off by 0.42", or "NaN/∞ where the reference is finite".</summary>
    public static string Describe(double error) =>
        double.IsPositiveInfinity(error) ? "NaN/∞ where the reference is finite" : $"off by {error:G2}";

    /// <summary>"8×20×12×12".</summary>
    public static string Shape(long[] shape) => string.Join("×", shape);
}

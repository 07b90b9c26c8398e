using TorchSharp.Modules;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// Dense weights stored column-major (the [out, in] weight as a transposed view of a contiguous [in, out] tensor), so
/// the forward product x·Wᵀ is a plain NN GEMM. With oneMKL's AVX-512 kernels (<see cref="MklAvx512"/>) the NT product
/// nn.Linear normally asks for is the slow case: on a Zen 4, one thread, best of 15 by CPU time, the Keras CNN's dense
/// layer (128x9216 -> 128) took 5.7 ms forward as NT against 3.0 ms as NN, and forward + both gradients 13.2 against
/// 11.0 ms (MKL's AVX2 kernels: 14.5-15 ms either way); the MLP's 784 -> 128 forward + weight gradient 0.57 against
/// 0.50 ms. With MKL's AVX2 kernels the layout made no difference (measured on a Zen 3 and a Zen 4), so <see cref="SpeedUps"/>
/// applies it only where MKL runs AVX-512. Values are unchanged; FlatAdadelta keeps each parameter's layout.
/// </summary>
public static class ColumnMajorDense
{
    public const string Name = "column-major dense weights";

    /// <summary>Re-seats the weight of every Linear in <paramref name="module"/> column-major; returns the layers changed.</summary>
    public static IReadOnlyList<string> Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        var changed = new List<string>();
        foreach (var (name, linear) in module.named_modules().Where(m => m.module is Linear).Select(m => (m.name, (Linear)m.module)))
        {
            var weight = linear.weight!;
            if (Is(weight)) continue;
            using var columns = weight.t().contiguous();
            using var view = columns.t();
            weight.set_(view);
            changed.Add(name);
        }
        return changed;
    }

    /// <summary>Whether a 2-D tensor is column-major: its first dimension is the contiguous one.</summary>
    public static bool Is(Tensor t) => t.dim() == 2 && t.stride(0) == 1 && t.stride(1) == t.shape[0];
}

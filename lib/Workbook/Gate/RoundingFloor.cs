using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>
/// How far from float64 a correct float32 run of this model can land: the float64 model run again with every leaf
/// layer's output multiplied by (1 + ε·r), r standard normal from a fixed seed and ε that layer's own float32 error as
/// <see cref="LayerCheck"/> measured it alone. The multiplier stays in the autograd graph, so the gradient flowing back
/// through each layer is perturbed by the same relative amount: forward and backward rounding both. The worst part's
/// error over a few draws is the model's rounding floor.
/// <para>
/// Why not a second float32 run: it shares the device's kernels. oneDNN off on the CPU still runs the same batch
/// norm, pooling, matmul and any arithmetic in the model's own forward, so a wrong kernel among those would be equally
/// wrong in both runs and raise its own bar. This path uses no float32 kernel at all. It also gives the order of
/// magnitude a second float32 path gives, measured on the Zen 3 build machine (AMD EPYC family 25 model 1, AVX2),
/// batch 8, 2026-12: deep-w64x3 float32 is off by 0.049 (1 and 2 threads), float32 with oneDNN off by 0.0098, float32
/// on an input perturbed by one ulp differs from float32 by 0.018, and this floor is 0.018 to 0.049 over draws (with
/// ε = 1e-6); the 13-layer deep CNN: 1.4e-5 float32, 1.5e-5 oneDNN off. The amplification is not smooth: with ε = 6e-8
/// the deep-w64x3 floor is 3e-6, with ε = 1e-6 it is 0.02 to 0.05: small perturbations flip near-ties of ReLU and max
/// pooling and batch norm on a batch of 8 magnifies the flips. So the floor is taken at each layer's measured error
/// (not at float32's unit roundoff, 6e-8) and over several draws.
/// </para>
/// </summary>
public static class RoundingFloor
{
    /// <summary>Draws of the noise: the floor is their maximum.</summary>
    public const int Draws = 3;

    /// <summary>float32's unit roundoff, 2⁻²⁴: the least error a rounded layer makes.</summary>
    public const double UnitRoundoff = 5.96e-8;

    /// <summary>The worst part's error over <see cref="Draws"/> noisy float64 passes, against the clean float64 pass.</summary>
    /// <param name="layerError">Each leaf's relative error alone (by name); a leaf missing from it gets <see cref="UnitRoundoff"/>.</param>
    public static (double Error, string Part) Measure(nn.Module<Tensor, Tensor> reference, Tensor x, Tensor y,
        List<(string Name, Tensor Value)> expected, IReadOnlyDictionary<string, double> layerError)
    {
        (double Error, string Part) worst = (0, "output");
        for (var draw = 0; draw < Draws; draw++)
        {
            using var scope = NewDisposeScope();
            var gen = new Generator((ulong)(101 + draw));
            var removers = new List<Action>();
            foreach (var (name, layer) in LayerCheck.Leaves(reference))
            {
                var eps = Math.Max(UnitRoundoff, layerError.TryGetValue(name, out var e) && double.IsFinite(e) ? e : 0);
                var hook = layer.register_forward_hook((_, _, output) =>
                    output.dtype == float64 ? output * (1 + eps * randn(output.shape, dtype: float64, generator: gen)) : output);
                removers.Add(hook.remove);
            }
            try
            {
                var noisy = WorkloadCheck.Pass(reference, x, y);
                var (part, error) = LayerCheck.Compare(expected, noisy).MaxBy(c => c.Error);
                if (error > worst.Error) worst = (error, part);
            }
            finally
            {
                foreach (var remove in removers) remove();
            }
        }
        return worst;
    }
}

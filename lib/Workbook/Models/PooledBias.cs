using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// A convolution's per-channel bias, added after the max pooling that follows it instead of inside the convolution.
/// Max pooling commutes with adding a per-channel constant (rounding is monotonic, so max(x + b) = max(x) + b exactly)
/// and the bias gradient is the same sum, so the function is unchanged; the bias is added to a quarter of the elements,
/// and oneDNN's convolution no longer computes its bias gradient, which its AVX-512 backward-weights kernel does in a
/// slow separate pass (compute_diff_bias: ~4 ms of the Keras CNN's ~120 ms step on a Zen 4, one thread, perf record).
/// Initialised as nn.Conv2d initialises its bias (uniform ±1/sqrt(fan_in)), and drawn right after the convolution's
/// weight, so a seed gives the same values as the convolution's own bias would have.
/// </summary>
public sealed class PooledBias : nn.Module<Tensor, Tensor>
{
    readonly Parameter bias;

    public PooledBias(long channels, long fanIn) : base(nameof(PooledBias))
    {
        var bound = 1 / Math.Sqrt(fanIn);
        bias = new Parameter(empty(channels));
        using (no_grad()) bias.uniform_(-bound, bound);
        register_parameter("bias", bias);
    }

    public Parameter Bias => bias;

    public override Tensor forward(Tensor input) => input.add(bias.view(1, -1, 1, 1));
}

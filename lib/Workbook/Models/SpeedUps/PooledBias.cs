using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>A per-channel bias added to (N, C, H, W) maps: a convolution's bias moved after its pooling by
/// <see cref="BiasAfterPooling"/>.</summary>
public sealed class PooledBias : nn.Module<Tensor, Tensor>
{
    readonly Parameter bias;

    /// <param name="values">The bias, one value per channel (copied).</param>
    public PooledBias(Tensor values) : base(nameof(PooledBias))
    {
        bias = new Parameter(values.detach().clone());
        register_parameter("bias", bias);
    }

    public Parameter Bias => bias;

    /// <remarks>In bf16 mixed precision the bias is rounded to the input's bf16, as the convolution's own bias would be.</remarks>
    public override Tensor forward(Tensor input)
    {
        using var b = bias.view(1, -1, 1, 1);
        if (input.dtype == b.dtype) return input.add(b);
        using var lowered = b.to(input.dtype);
        return input.add(lowered);
    }
}

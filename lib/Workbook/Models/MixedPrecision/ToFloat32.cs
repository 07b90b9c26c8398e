using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>The logits back to float32 before the loss: softmax and log of bf16 logits would lose the small probabilities.</summary>
public sealed class ToFloat32() : nn.Module<Tensor, Tensor>(nameof(ToFloat32))
{
    public override Tensor forward(Tensor input) => input.dtype == ScalarType.BFloat16 ? input.to(ScalarType.Float32) : input.alias();
}

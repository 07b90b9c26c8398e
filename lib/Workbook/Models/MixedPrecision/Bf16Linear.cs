using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>A dense layer computed in bf16 on its float32 parameters (see <see cref="Bf16Conv2d"/>).</summary>
public sealed class Bf16Linear : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;

    public Bf16Linear(Linear linear) : base(nameof(Bf16Linear))
    {
        weight = linear.weight!;
        bias = linear.bias;
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var w = Bf16.Lower(weight);
        var b = bias is null ? null : Bf16.Lower(bias);
        return nn.functional.linear(Bf16.Lower(input), w, b).MoveToOuterDisposeScope();
    }
}

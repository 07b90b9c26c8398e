using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// A convolution computed in bf16 (input and weight rounded, the products summed in float32 by the kernel, the result
/// stored in bf16), its weight and bias still the float32 parameters of the convolution it replaces: the optimizer
/// updates float32 master weights. Registered under the same parameter names, so the state dict is unchanged.
/// </summary>
public sealed class Bf16Conv2d : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;
    readonly long[] stride, padding, dilation;
    readonly long groups;

    public Bf16Conv2d(Conv2d conv) : base(nameof(Bf16Conv2d))
    {
        weight = conv.weight!;
        bias = conv.bias;
        (stride, padding, dilation, groups) = (conv.stride, conv.padding ?? [0, 0], conv.dilation, conv.groups);
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var w = Bf16.Lower(weight);
        var b = bias is null ? null : Bf16.Lower(bias);
        return nn.functional.conv2d(Bf16.Lower(input), w, b, stride, padding, dilation, groups).MoveToOuterDisposeScope();
    }
}

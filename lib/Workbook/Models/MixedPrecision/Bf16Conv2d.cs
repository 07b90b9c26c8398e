using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>A convolution computed in bf16 on its float32 parameters (see <see cref="Bf16Layer"/>).</summary>
public sealed class Bf16Conv2d(Conv2d conv) : Bf16Layer(nameof(Bf16Conv2d), conv.weight!, conv.bias)
{
    readonly long[] stride = conv.stride, padding = conv.padding ?? [0, 0], dilation = conv.dilation;
    readonly long groups = conv.groups;

    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) =>
        nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
}

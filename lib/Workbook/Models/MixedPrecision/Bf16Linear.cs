using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>A dense layer computed in bf16 on its float32 parameters (see <see cref="Bf16Layer"/>).</summary>
public sealed class Bf16Linear(Linear linear) : Bf16Layer(nameof(Bf16Linear), linear.weight!, linear.bias)
{
    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) => nn.functional.linear(input, weight, bias);
}

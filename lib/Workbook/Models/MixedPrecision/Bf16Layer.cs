using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// A layer computed in bf16 (input and weights rounded by <see cref="Bf16.Lower"/>, the products summed in float32 by the
/// kernel, the result stored in bf16), its weight and bias still the float32 parameters of the layer it replaces: the
/// optimizer updates float32 master weights. Registered under the same parameter names, so the state dict is unchanged.
/// </summary>
public abstract class Bf16Layer : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;

    protected Bf16Layer(string name, Parameter weight, Parameter? bias) : base(name)
    {
        (this.weight, this.bias) = (weight, bias);
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
    }

    /// <summary>The layer's own computation on bf16 input, weight and bias.</summary>
    protected abstract Tensor Compute(Tensor input, Tensor weight, Tensor? bias);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Compute(Bf16.Lower(input), Bf16.Lower(weight), bias is null ? null : Bf16.Lower(bias)).MoveToOuterDisposeScope();
    }
}

using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>One leaf layer as the model's pass met it: the shape, layout and number format of its input, and whether it
/// needed that input's gradient.</summary>
public sealed record LayerSite(string Name, nn.Module<Tensor, Tensor> Layer, long[] Shape, bool InputGradient, bool ChannelsLast,
    ScalarType Dtype = ScalarType.Float32)
{
    /// <summary>"conv2 (Conv2d, input 8×6×14×14 NCHW)".</summary>
    public string Describe() =>
        $"{Name} ({Layer.GetType().Name}, input {NumericError.Shape(Shape)}{(Shape.Length == 4 ? ChannelsLast ? " channels-last" : " NCHW" : "")}{(Dtype == ScalarType.BFloat16 ? " bf16" : "")})";
}

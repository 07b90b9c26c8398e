using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// Flattens (N, C, H, W) feature maps in (h, w, c) order, as Keras does with its default channels-last data format.
/// For a channels-last tensor this is a view: no copy forward, and the gradient flows back channels-last, so pooling,
/// ReLU and the convolution's backward keep their NHWC kernels instead of converting layouts on every step.
/// </summary>
public sealed class ChannelsLastFlatten() : nn.Module<Tensor, Tensor>(nameof(ChannelsLastFlatten))
{
    public override Tensor forward(Tensor input) => input.dim() == 4 ? input.permute(0, 2, 3, 1).flatten(1) : input.flatten(1);
}

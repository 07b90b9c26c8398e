using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Envelope;

/// <summary>What one leaf layer costs per image, forward and backward, by its type: the rules the envelope counts with.</summary>
public sealed record LayerCost(double ForwardFlops, double BackwardFlops, int ForwardLaunches, int BackwardLaunches);

/// <summary>
/// The counting rules, one per layer type, stated so a student can redo them by hand. FLOPs: a multiply-add is 2; a
/// convolution or dense layer's backward is its input gradient plus its weight gradient, each as much arithmetic as the
/// forward (so 2x forward), and 1x for a weight layer whose input needs no gradient (the first one). Elementwise,
/// pooling and normalisation layers: 1 FLOP per element written, forward and backward (negligible beside the
/// convolutions; their cost is their bytes). Launches are those of PyTorch's eager mode on a GPU: one kernel per
/// operation (a dense layer's bias is fused into its GEMM, a convolution's is a separate add, batch norm is one cuDNN
/// kernel each way); in the backward, one for
/// the input gradient (none where it is not needed), one for the weight gradient and one for the bias gradient (a sum).
/// A view (flatten) launches nothing. A layer type not listed: 1 forward, 1 backward plus 1 per parameter tensor.
/// </summary>
public static class LayerRules
{
    /// <param name="inputs">Elements of the layer's input for one image.</param>
    /// <param name="outputs">Elements of its output for one image.</param>
    /// <param name="needsInputGradient">Whether anything before the layer has weights (else autograd skips its input gradient).</param>
    public static LayerCost For(nn.Module layer, long inputs, long outputs, bool needsInputGradient)
    {
        var grads = needsInputGradient ? 1 : 0;
        switch (layer)
        {
            case Conv2d conv:
                {
                    var w = conv.weight!.shape; // (out, in / groups, kh, kw)
                    var forward = 2.0 * w[1] * w[2] * w[3] * outputs;
                    var bias = conv.bias is null ? 0 : 1;
                    return new LayerCost(forward, (1 + grads) * forward, 1 + bias, grads + 1 + bias);
                }
            case Linear linear:
                {
                    var forward = 2.0 * linear.weight!.shape[1] * outputs;
                    var bias = linear.bias is null ? 0 : 1;
                    return new LayerCost(forward, (1 + grads) * forward, 1, grads + 1 + bias);
                }
            case Flatten:
            case Models.ChannelsLastFlatten:
                return new LayerCost(0, 0, 0, 0);
            case Models.MaskDropout:
                // rand_like, ge_, mul_ (the mask), then the multiply; backward multiplies by the mask.
                return new LayerCost(outputs, grads * outputs, 4, grads);
            case Dropout:
                return new LayerCost(outputs, grads * outputs, 2, grads); // bernoulli mask, multiply
            case BatchNorm2d:
                // cuDNN's batch norm: one kernel forward (running statistics included), one backward for all three gradients.
                return new LayerCost(outputs, outputs, 1, 1);
            case Models.PooledBias:
                return new LayerCost(outputs, outputs, 1, 1); // backward: the bias gradient, a sum; the input's passes through
            default:
                var paramTensors = layer.parameters(recurse: false).Count();
                var backward = grads + paramTensors;
                return new LayerCost(outputs, backward > 0 ? outputs : 0, 1, backward);
        }
    }
}

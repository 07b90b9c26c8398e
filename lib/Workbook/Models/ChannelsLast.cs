using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// Channels-last (NHWC) convolution weights. TorchSharp 0.107 has no <c>memory_format</c> argument, but libtorch picks
/// the layout from strides: a convolution whose weight is strided channels-last runs oneDNN's NHWC kernels and returns
/// a channels-last output, which ReLU, pooling and batch norm keep. On the CPU that removes the reorders oneDNN does
/// around every NCHW convolution and makes max pooling vectorised: the Keras CNN's forward pass went from 75 to 52 ms
/// on one thread (docs/performance.md). Values are unchanged.
/// </summary>
public static class ChannelsLast
{
    /// <summary>Re-seats the weight of every Conv2d in <paramref name="module"/> in channels-last strides.</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var conv in module.modules().OfType<Conv2d>())
        {
            var weight = conv.weight!;
            using var nhwc = weight.permute(0, 2, 3, 1).contiguous();
            // as_strided rather than permuting back: with one input channel, permute+contiguous is a no-op view and
            // libtorch would still see NCHW strides.
            using var view = nhwc.as_strided(weight.shape, Strides(weight.shape), 0);
            weight.set_(view);
        }
    }

    /// <summary>Whether a 4-D tensor has the strides libtorch reads as channels-last.</summary>
    public static bool Is(Tensor t) => t.dim() == 4 && t.stride().SequenceEqual(Strides(t.shape));

    static long[] Strides(long[] s) => [s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]];
}

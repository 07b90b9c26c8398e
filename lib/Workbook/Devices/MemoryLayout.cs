using static TorchSharp.torch;

namespace Workbook.Devices;

/// <summary>
/// NCHW or channels-last (NHWC) strides on a 4-D tensor. TorchSharp 0.107 has no <c>memory_format</c>, but libtorch
/// reads the layout from strides: oneDNN picks its NHWC kernels when a convolution's input or weight is strided
/// channels-last.
/// </summary>
public static class MemoryLayout
{
    /// <summary>Whether a 4-D tensor has the strides libtorch reads as channels-last.</summary>
    public static bool IsChannelsLast(Tensor t) => t.dim() == 4 && t.stride().SequenceEqual(ChannelsLastStrides(t.shape));

    /// <summary>The same values in channels-last strides (a new tensor).</summary>
    public static Tensor ToChannelsLast(Tensor t)
    {
        using var nhwc = t.permute(0, 2, 3, 1).contiguous();
        // as_strided rather than permuting back: with one channel, permute+contiguous is a no-op view and libtorch
        // would still see NCHW strides.
        return nhwc.as_strided(t.shape, ChannelsLastStrides(t.shape), 0);
    }

    public static long[] ChannelsLastStrides(long[] s) => [s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]];
}

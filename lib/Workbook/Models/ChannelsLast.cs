using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// Channels-last (NHWC) convolution weights. A convolution whose weight is strided channels-last runs oneDNN's NHWC
/// kernels and returns a channels-last output, which ReLU, pooling and batch norm keep. On the CPU that removes the
/// reorders oneDNN does around every NCHW convolution and makes max pooling vectorised: the Keras CNN's forward pass
/// went from 75 to 52 ms on one thread (docs/performance.md). It is also the workaround for the wrong NCHW oneDNN
/// kernels of environment.md. Values are unchanged.
/// </summary>
public static class ChannelsLast
{
    /// <summary>Re-seats every 4-D parameter (the convolution weights, whatever module holds them) in channels-last strides.</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var weight in module.parameters().Where(p => p.dim() == 4 && !MemoryLayout.IsChannelsLast(p)))
        {
            using var view = MemoryLayout.ToChannelsLast(weight);
            weight.set_(view);
        }
    }

    /// <summary>Whether every convolution weight of <paramref name="module"/> is already channels-last.</summary>
    public static bool IsApplied(nn.Module module) => module.parameters().Where(p => p.dim() == 4).All(MemoryLayout.IsChannelsLast);
}

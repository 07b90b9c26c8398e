using Workbook.Models;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Benchmarks;

/// <summary>What the gate may change so that a model whose plain run is wrong computes correctly.</summary>
public enum Workaround
{
    None,

    /// <summary>Convolution weights strided channels-last: oneDNN runs its NHWC kernels instead of the blocked NCHW
    /// ones found wrong on a Zen 5 CPU (environment.md). The function is unchanged.</summary>
    ChannelsLast,

    /// <summary>oneDNN off while this model runs: libtorch's own convolution code (slower).</summary>
    OneDnnOff,
}

public static class Workarounds
{
    public static string Describe(this Workaround w) => w switch
    {
        Workaround.ChannelsLast => "channels-last convolutions",
        Workaround.OneDnnOff => "oneDNN turned off",
        _ => "none",
    };

    /// <summary>Applies <paramref name="workaround"/> to <paramref name="model"/>; dispose the result when the model is done
    /// (oneDNN is a process-wide switch and is turned back on).</summary>
    public static IDisposable Apply(this Workaround workaround, nn.Module model)
    {
        if (workaround == Workaround.ChannelsLast) ChannelsLast.Apply(model);
        return workaround == Workaround.OneDnnOff ? OneDnn.Disable() : NoOp.Instance;
    }

    sealed class NoOp : IDisposable
    {
        public static readonly NoOp Instance = new();
        public void Dispose() { }
    }
}

using Workbook.Models;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>What each workaround is called on a page, and how it is applied to a model.</summary>
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

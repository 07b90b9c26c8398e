using TorchSharp;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// Turns a model (the zoo's or a student's) into its faster equivalent on a device, in place: each rewrite looks for
/// its pattern in the layer sequence and applies where it finds it, only on a device where it was measured to help.
/// Every rewrite keeps the function (a test per rewrite compares outputs and gradients on random weights); the gate then
/// checks the rewritten model, the one that is timed, against float64. Measured on the CPU only (docs/performance.md,
/// medians of alternating runs on a Zen 4, one thread, the Keras CNN's step): channels-last weights 189 -> 168-172 ms,
/// the (h, w, c) flatten 164 -> 148 ms, ReLU after pooling 154 -> 143 ms, the bias after pooling 121 -> 118 ms, dropout
/// masks drawn in C# 117-120 -> 114-116 ms, column-major dense weights (MKL's AVX-512 kernels only) 123-128 -> 120-121
/// ms. None of them was timed on a GPU, so none is applied there.
/// </summary>
public static class SpeedUps
{
    /// <summary>Rewrites <paramref name="model"/> for <paramref name="device"/> and records what it did in the model.</summary>
    /// <param name="sample">One input's shape, for the shapes the flatten rewrite needs: MNIST's [1, 28, 28] unless given.</param>
    public static SpeedUpReport Apply(WorkbookModel model, Device device, long[]? sample = null)
    {
        var outcomes = new List<SpeedUpOutcome>();
        long[] shape = sample ?? [1, 28, 28];
        if (device.type != DeviceType.CPU)
        {
            outcomes.Add(new("all", false, $"none measured on {device.type.ToString().ToLowerInvariant()}: the model runs as written"));
        }
        else
        {
            outcomes.Add(Outcome(ReluAfterPooling.Name, ReluAfterPooling.Apply(model), "no convolution → ReLU → max pooling"));
            outcomes.Add(Outcome(BiasAfterPooling.Name, BiasAfterPooling.Apply(model), "no convolution with a bias before a max pooling"));
            outcomes.Add(Outcome(FastDropout.Name, FastDropout.Apply(model), "no dropout layer"));
            var channelsLast = ChannelsLast.ApplyChecked(model, shape);
            outcomes.Add(channelsLast);
            outcomes.Add(channelsLast.Applied
                ? Outcome(KerasOrderFlatten.Name, KerasOrderFlatten.Apply(model, shape), "no flatten of convolution maps into a dense layer")
                : new(KerasOrderFlatten.Name, false, "needs channels-last convolutions"));
            outcomes.Add(MklAvx512.Active
                ? Outcome(ColumnMajorDense.Name, ColumnMajorDense.Apply(model), "no dense layer")
                : new(ColumnMajorDense.Name, false, "MKL runs its AVX2 kernels here, where the layout made no difference"));
        }
        var report = new SpeedUpReport(device.ToString(), outcomes);
        model.AppliedSpeedUps = report;
        return report;
    }

    /// <summary><see cref="Apply"/>, handing the model back: how a factory builds the model that is timed.</summary>
    public static WorkbookModel Faster(this WorkbookModel model, Device device)
    {
        Apply(model, device);
        return model;
    }

    static SpeedUpOutcome Outcome(string name, IReadOnlyList<string> where, string notFound) =>
        where.Count > 0 ? new(name, true, string.Join(", ", where)) : new(name, false, notFound);
}

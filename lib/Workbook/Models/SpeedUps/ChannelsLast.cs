using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// Channels-last (NHWC) convolution weights. A convolution whose weight is strided channels-last runs oneDNN's NHWC
/// kernels and returns a channels-last output, which ReLU, pooling and batch norm keep. On the CPU that removes the
/// reorders oneDNN does around every NCHW convolution and makes max pooling vectorised: the Keras CNN's step went from
/// 189 to 168-172 ms and the deep CNN's from 733 to ~605 ms on one thread (Zen 4, docs/performance.md). It is also the
/// workaround for the wrong NCHW oneDNN kernels of environment.md. Values are unchanged.
/// </summary>
public static class ChannelsLast
{
    public const string Name = "channels-last convolutions";

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

    /// <summary>
    /// <see cref="Apply"/>, then one forward pass of two zero images: a layer written for NCHW maps (a <c>view</c> in a
    /// student's own forward, say) fails on channels-last ones, and then the weights go back to NCHW and the outcome
    /// says which error it was.
    /// </summary>
    public static SpeedUpOutcome ApplyChecked(WorkbookModel model, long[] sample)
    {
        var weights = model.parameters().Where(p => p.dim() == 4).ToList();
        if (weights.Count == 0) return new(Name, false, "no convolution");
        Apply(model);
        var wasTraining = model.training;
        try
        {
            using var scope = NewDisposeScope();
            using var grad = no_grad();
            model.eval();
            model.forward(zeros([2, .. sample], device: weights[0].device));
            return new(Name, true, $"{weights.Count} weight{(weights.Count == 1 ? "" : "s")}");
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or ArgumentException)
        {
            using (no_grad())
                foreach (var w in weights)
                {
                    // Not contiguous(): with one input channel the channels-last strides count as contiguous and would stay.
                    using var nchw = empty(w.shape, dtype: w.dtype, device: w.device);
                    w.set_(nchw.copy_(w));
                }
            return new(Name, false, $"the model fails on channels-last maps ({e.Message.Split('\n')[0]}), so it runs NCHW");
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Whether every convolution weight of <paramref name="module"/> is already channels-last.</summary>
    public static bool IsApplied(nn.Module module) => module.parameters().Where(p => p.dim() == 4).All(MemoryLayout.IsChannelsLast);
}

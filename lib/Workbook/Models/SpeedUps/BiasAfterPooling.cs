using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// A convolution's bias, when a max pooling follows it directly, is added after the pooling instead
/// (<see cref="PooledBias"/>): max(x + b) = max(x) + b exactly (rounding is monotonic) and the bias gradient is the same
/// sum, so the function is unchanged; the bias is added to a quarter of the values, and oneDNN no longer computes the
/// convolution's bias gradient, which its AVX-512 backward-weights kernel does in a slow separate pass
/// (compute_diff_bias, 2.8% of the Keras CNN's step in perf record on a Zen 4; step 121 -> 118 ms, medians of 4
/// alternating pairs, one thread).
/// </summary>
public static class BiasAfterPooling
{
    public const string Name = "convolution bias after max pooling";

    /// <summary>Moves the bias of every convolution followed by a max pooling; returns the convolutions changed.</summary>
    public static IReadOnlyList<string> Apply(WorkbookModel model)
    {
        var sequence = model.Sequence.ToList();
        var moved = new List<string>();
        for (var i = 0; i + 1 < sequence.Count; i++)
        {
            if (sequence[i].Layer is not Conv2d { bias: { } bias } conv || sequence[i + 1].Layer is not MaxPool2d) continue;
            PooledBias pooled;
            using (no_grad())
            using (var values = bias.detach().clone())
                pooled = new PooledBias(values);
            conv.bias = null; // the convolution's own bias is gone: its values live on in the pooled bias
            sequence.Insert(i + 2, ($"{sequence[i].Name}_bias", pooled));
            moved.Add(sequence[i].Name);
        }
        if (moved.Count > 0) model.Rearrange(sequence);
        return moved;
    }
}

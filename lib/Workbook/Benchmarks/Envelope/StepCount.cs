using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Envelope;

/// <summary>
/// What one training step of a model costs, counted from the model itself: a forward hook on every leaf module records
/// the shapes it sees for one image, and <see cref="LayerRules"/> turns each into FLOPs and launches; bytes follow the
/// rule in <see cref="Count"/>. Nothing is typed in per model, so a student's own module is counted the same way.
/// Work done outside leaf modules (a functional call inside a custom forward) is not seen.
/// </summary>
public sealed record StepCount(string Model, int BatchSize, long InputElements, long Parameters, int ParameterTensors, IReadOnlyList<KernelGroup> Groups)
{
    public double Flops => Groups.Sum(g => g.Flops);
    public double Bytes => Groups.Sum(g => g.Bytes);
    public int Launches => Groups.Sum(g => g.Launches);

    /// <summary>Forward FLOPs alone: the backward rule makes the step about 3x this.</summary>
    public double ForwardFlops => Groups.Where(g => g.Phase == StepPhase.Forward).Sum(g => g.Flops);

    const double Float = 4; // bytes of a float32

    // The loss, log_softmax + nll_loss: 2 kernels forward; backward the seed gradient (a fill), nll_loss's (zero, scatter)
    // and log_softmax's: 4. Its FLOPs and bytes are a few per logit, negligible beside any layer.
    const int LossForwardLaunches = 2, LossBackwardLaunches = 4;

    /// <summary>
    /// The optimizer the workbook runs on a GPU, <see cref="Training.FlatAdadelta"/>'s tensor path: 1 kernel to zero the
    /// flat gradient buffer and 11 for the update, each reading its operands and writing its result once: 16 reads and
    /// 11 writes of the parameter count, plus the zeroing's write (28 passes); its FLOPs, about 11 per parameter.
    /// </summary>
    public const int OptimizerLaunches = 12, OptimizerPasses = 28, OptimizerFlopsPerParameter = 11;

    /// <summary>
    /// Counts one training step at <paramref name="batchSize"/>. Bytes, a stated approximation (each kernel reads its
    /// operands from device memory and writes its result once, no cache reuse between kernels, float32): forward, the
    /// input, the weights and the output; backward of a weight layer, the output's gradient, the saved input, the
    /// weights, the weight gradient read and written (accumulated) and the input's gradient where needed; backward of
    /// any other layer, the output's gradient, the saved input and the input's gradient; a layer that launches nothing
    /// (a view) moves nothing.
    /// </summary>
    public static StepCount Count(nn.Module<Tensor, Tensor> model, string name, int batchSize = 128, long[]? sample = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        long[] shape = [1, .. sample ?? [1, 28, 28]];
        var seen = new List<(nn.Module Layer, string Name, long Inputs, long Outputs)>();
        var leaves = model.named_modules().Where(m => !m.module.children().Any()).ToList();
        var wasTraining = model.training;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            // Eval mode: the same shapes, and batch norm's running statistics stay as they were.
            model.eval();
            var hooks = leaves.Where(m => m.module is nn.Module<Tensor, Tensor>)
                .Select(m => ((nn.Module<Tensor, Tensor>)m.module).register_forward_hook((layer, input, output) =>
                {
                    seen.Add((layer, m.name, input.numel(), output.numel()));
                    return output;
                })).ToList();
            try
            {
                var device = model.parameters().FirstOrDefault()?.device ?? CPU;
                model.call(zeros(shape, device: device));
            }
            finally
            {
                foreach (var h in hooks) h.remove();
                model.train(wasTraining);
            }
        }

        var groups = new List<KernelGroup>();
        var weightsBefore = false;
        foreach (var (layer, layerName, inputs, outputs) in seen)
        {
            var parameters = layer.parameters(recurse: false).Sum(p => p.numel());
            var cost = LayerRules.For(layer, inputs, outputs, weightsBefore);
            var kind = layer.GetType().Name;
            double b = batchSize, i = inputs * b, o = outputs * b, p = parameters;
            var forwardBytes = cost.ForwardLaunches == 0 ? 0 : Float * (i + p + o);
            var backwardBytes = cost.BackwardLaunches == 0 ? 0
                : parameters > 0 ? Float * (o + i + p + 2 * p + (weightsBefore ? i : 0))
                : Float * (o + 2 * i);
            groups.Add(new KernelGroup(layerName, kind, StepPhase.Forward, cost.ForwardFlops * b, forwardBytes, cost.ForwardLaunches));
            groups.Add(new KernelGroup(layerName, kind, StepPhase.Backward, cost.BackwardFlops * b, backwardBytes, cost.BackwardLaunches));
            weightsBefore |= parameters > 0;
        }
        var logits = seen.Count > 0 ? seen[^1].Outputs * (double)batchSize : 0;
        groups.Add(new KernelGroup("loss", "cross_entropy", StepPhase.Loss, 10 * logits, Float * 4 * logits, LossForwardLaunches + LossBackwardLaunches));
        var allParameters = model.parameters().Where(p => p.requires_grad).ToList();
        var total = allParameters.Sum(p => p.numel());
        groups.Add(new KernelGroup("optimizer", "Adadelta", StepPhase.Optimizer, OptimizerFlopsPerParameter * (double)total, Float * OptimizerPasses * total, OptimizerLaunches));
        return new StepCount(name, batchSize, shape.Aggregate(1L, (a, d) => a * d), total, allParameters.Count, groups);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// A network of the blog's experiment: a named stack of layers that knows its size. Parameter counts and FLOPs come
/// from the layer shapes (FLOPs count a multiply-add as 2 in convolutions and dense layers, the work that dominates;
/// activations, pooling and normalisation are left out, as is usual).
/// </summary>
public sealed class WorkbookModel : nn.Module<Tensor, Tensor>
{
    List<(string Name, nn.Module<Tensor, Tensor> Layer)> layers;
    IReadOnlyList<LayerSummary>? summary;

    /// <summary>A named stack of layers, registered under their own names (no wrapper), so its state dict has the keys
    /// an <c>nn.Sequential</c> of the same layers has and one loads into the other.</summary>
    public WorkbookModel(string key, string title, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> layers) : base(key)
    {
        Key = key;
        Title = title;
        this.layers = [.. layers];
        foreach (var (name, layer) in this.layers) register_module(name, layer);
    }

    /// <summary>A user's own network (any module taking a batch of 1×28×28 images to 10 logits). An <c>nn.Sequential</c>
    /// is unpacked into its layers, so <see cref="SpeedUps"/> can find its patterns as in the zoo's models.</summary>
    public static WorkbookModel Wrap(string key, nn.Module<Tensor, Tensor> network, string? title = null) =>
        new(key, title ?? key, network is Sequential sequential
            ? sequential.named_children().Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module))
            : [("net", network)]);

    /// <summary>The layers in the order they run.</summary>
    public IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Layer)> Sequence => layers;

    /// <summary>Replaces the layer sequence (a speed-up's rewrite); the layers keep their parameters.</summary>
    internal void Rearrange(IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> sequence)
    {
        foreach (var (name, _) in layers) register_module(name, null!);
        layers = [.. sequence];
        foreach (var (name, layer) in layers) register_module(name, layer);
        summary = null;
    }

    /// <summary>What <see cref="SpeedUps.Apply"/> did to this model; null while it runs as written.</summary>
    public SpeedUpReport? AppliedSpeedUps { get; internal set; }

    /// <summary>The precision its layers compute in (<see cref="MixedPrecision.Apply"/>); float32 as written.</summary>
    public Devices.Precision Precision { get; internal set; } = Devices.Precision.Float32;

    /// <summary>Short name used on the command line and in results: mlp, cnn, deep.</summary>
    public string Key { get; }

    public string Title { get; }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var (_, layer) in layers)
        {
            var next = layer.call(x);
            // As nn.Sequential does: an intermediate is dead once the next layer has used it (autograd keeps its own reference).
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, next)) x.Dispose();
            x = next;
        }
        return x;
    }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Convolution and dense layers: what "number of layers" means in the blog's "more than 10 layers".</summary>
    public int WeightLayers => modules().Count(m => m is Conv2d or Linear);

    public long ForwardFlopsPerSample => Layers.Sum(l => l.ForwardFlops);

    /// <summary>Forward + backward ≈ 3x forward (the backward pass computes gradients for inputs and weights).</summary>
    public long TrainingFlopsPerSample => 3 * ForwardFlopsPerSample;

    /// <summary>Per-layer shapes for one 28x28 image, computed once by running a zero image through the layers.</summary>
    public IReadOnlyList<LayerSummary> Layers => summary ??= Summarise();

    IReadOnlyList<LayerSummary> Summarise()
    {
        using var scope = NewDisposeScope();
        using var grad = no_grad();
        var wasTraining = training;
        eval();
        var x = zeros(1, 1, 28, 28, device: parameters().First().device);
        var rows = new List<LayerSummary>();
        foreach (var (name, child) in layers)
        {
            // FLOPs are counted on the convolutions and dense layers inside the child, however deeply nested.
            long flops = 0;
            var hooks = child.modules().Prepend(child).Distinct().OfType<nn.Module<Tensor, Tensor>>().Where(m => m is Conv2d or Linear)
                .Select(m => m.register_forward_hook((layer, _, output) =>
                {
                    flops += layer switch
                    {
                        Conv2d conv => 2 * conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3] * output.shape[1..].Aggregate(1L, (a, b) => a * b),
                        Linear linear => 2 * linear.weight!.shape[1] * output.shape[1..].Aggregate(1L, (a, b) => a * b),
                        _ => 0,
                    };
                    return output;
                })).ToList();
            x = child.call(x); // call, not forward: forward skips the hooks
            foreach (var h in hooks) h.remove();
            rows.Add(new LayerSummary(name, child.GetType().Name, x.shape[1..], child.parameters().Sum(p => p.numel()), flops));
        }
        train(wasTraining);
        return rows;
    }
}

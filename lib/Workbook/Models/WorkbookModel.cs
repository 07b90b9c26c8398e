using Microsoft.Data.Analysis;
using TorchSharp;
using TorchSharp.Modules;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// A network of the blog's experiment: a named stack of layers that knows its size. Parameter counts and FLOPs come
/// from the layer shapes (FLOPs count a multiply-add as 2 in convolutions and dense layers, the work that dominates;
/// activations, pooling and normalisation are left out, as is usual).
/// </summary>
public sealed class WorkbookModel : nn.Module<Tensor, Tensor>
{
    readonly Sequential layers;
    IReadOnlyList<LayerSummary>? summary;

    /// <param name="fastPaths">The zoo's models get the layouts that make them faster with the same function
    /// (channels-last convolutions, column-major dense weights where MKL runs AVX-512); a model a user brings is timed as written.</param>
    public WorkbookModel(string key, string title, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> layers, bool fastPaths = true) : base(key)
    {
        Key = key;
        Title = title;
        this.layers = nn.Sequential(layers);
        RegisterComponents();
        if (fastPaths)
        {
            ChannelsLast.Apply(this);
            ColumnMajorDense.Apply(this, MklAvx512.Active);
        }
    }

    /// <summary>A user's own network (any module taking a batch of 1×28×28 images to 10 logits), kept as written.</summary>
    public static WorkbookModel Wrap(string key, nn.Module<Tensor, Tensor> network, string? title = null) =>
        new(key, title ?? key, [("net", network)], fastPaths: false);

    /// <summary>Short name used on the command line and in results: mlp, cnn, deep.</summary>
    public string Key { get; }

    public string Title { get; }

    public override Tensor forward(Tensor input) => layers.forward(input);

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
        foreach (var (name, child) in layers.named_children())
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
            x = ((nn.Module<Tensor, Tensor>)child).call(x); // call, not forward: forward skips the hooks
            foreach (var h in hooks) h.remove();
            rows.Add(new LayerSummary(name, child.GetType().Name, x.shape[1..], child.parameters().Sum(p => p.numel()), flops));
        }
        train(wasTraining);
        return rows;
    }

    /// <summary>The layer table as a DataFrame (layer, kind, output shape, parameters, forward FLOPs).</summary>
    public DataFrame Summary() => new(
        new StringDataFrameColumn("layer", Layers.Select(l => l.Name)),
        new StringDataFrameColumn("kind", Layers.Select(l => l.Kind)),
        new StringDataFrameColumn("output shape", Layers.Select(l => l.Shape)),
        new Int64DataFrameColumn("parameters", Layers.Select(l => l.Parameters)),
        new Int64DataFrameColumn("forward FLOPs", Layers.Select(l => l.ForwardFlops)));
}

using TorchSharp;
using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>
/// Each leaf layer judged alone, at the shape and layout it saw in the model: a random input (fixed seed), the layer in
/// float32 on the device against its float64 twin on the CPU, forward, input gradient and parameter gradients. Alone, a
/// correct float32 layer is off by 1e-7 to 1e-5 (the 64→64 3×3 convolution of deep-w64x3: 3.5e-7 on a Zen 4), and
/// the wrong oneDNN kernels of a Zen 5 by 0.2 to 0.8, so the tight tolerance of <see cref="NumericError"/> holds here
/// however much the whole model amplifies rounding.
/// </summary>
public static class LayerCheck
{
    /// <summary>The leaf layers, in the order the model's forward pass first reached them.</summary>
    public static IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> Leaves(nn.Module model) =>
        model.named_modules().Where(m => !m.module.children().Any() && m.module is nn.Module<Tensor, Tensor>)
            .Select(m => (m.name, (nn.Module<Tensor, Tensor>)m.module));

    /// <summary>Hooks that record each leaf's first input into <paramref name="sites"/>; call the result to remove them.</summary>
    public static Action Record(nn.Module model, List<LayerSite> sites)
    {
        var removers = new List<Action>();
        foreach (var (name, layer) in Leaves(model))
        {
            var hook = layer.register_forward_hook((_, input, output) =>
            {
                if (!sites.Any(s => s.Name == name))
                    sites.Add(new LayerSite(name, layer, input.shape, input.requires_grad, MemoryLayout.IsChannelsLast(input), input.dtype));
                return output;
            });
            removers.Add(hook.remove);
        }
        return () =>
        {
            foreach (var remove in removers) remove();
            removers.Clear();
        };
    }

    /// <summary>Every site replayed on the current thread count; the worst part of each layer.</summary>
    public static List<LayerResult> Judge(IEnumerable<LayerSite> sites, nn.Module reference, Device device, double tolerance)
    {
        var twins = Leaves(reference).ToDictionary(l => l.Name, l => l.Layer);
        var gen = new Generator(11);
        var results = new List<LayerResult>();
        foreach (var site in sites)
        {
            if (!twins.TryGetValue(site.Name, out var twin)) continue;
            using var scope = NewDisposeScope();
            var x = randn(site.Shape, generator: gen);
            // A layer that met bf16 in the model meets it here too; both copies see the same rounded values.
            if (site.Dtype != ScalarType.Float32) x = x.to(site.Dtype).to(float32);
            var expected = Replay(twin, x.to(float64), site.InputGradient);
            var input = x.to(device).to(site.Dtype);
            if (site.ChannelsLast) input = MemoryLayout.ToChannelsLast(input);
            var actual = Replay(site.Layer, input, site.InputGradient);
            var parts = Compare(expected, actual).ToList();
            // The first part off, in the order they are computed (a wrong forward makes every gradient wrong too); else the worst.
            var (part, error) = parts.FirstOrDefault(p => !(p.Error <= tolerance)) is { Name: not null } off ? off
                : parts.MaxBy(p => p.Error);
            results.Add(new LayerResult(site, part, error, tolerance, get_num_threads()));
        }
        return results;
    }

    /// <summary>
    /// One layer's output and gradients (the input's too, when the model's pass needed it) under the loss sum(y·r), r a
    /// fixed random tensor: not sum(y²), which batch norm's output makes a constant, with an input gradient of zero.
    /// </summary>
    static List<(string Name, Tensor Value)> Replay(nn.Module<Tensor, Tensor> layer, Tensor x, bool inputGrad)
    {
        layer.zero_grad();
        x = x.detach().requires_grad_(inputGrad);
        var y = layer.forward(x);
        var result = new List<(string, Tensor)> { ("forward", y.detach()) };
        if (y.requires_grad)
        {
            (y * randn(y.shape, generator: new Generator(13)).to(y.dtype).to(y.device)).sum().backward();
            if (inputGrad && x.grad is { } gx) result.Add(("input gradient", gx.detach().clone()));
            foreach (var (name, p) in layer.named_parameters())
                if (p.grad is { } g) result.Add(($"{name} gradient", g.detach().clone()));
        }
        return result;
    }

    /// <summary>Each expected part's error in the actual result; a part that is missing is infinitely off.</summary>
    public static IEnumerable<(string Name, double Error)> Compare(List<(string Name, Tensor Value)> expected, List<(string Name, Tensor Value)> actual)
    {
        var byName = actual.ToDictionary(a => a.Name, a => a.Value);
        foreach (var (name, value) in expected)
            yield return (name, byName.TryGetValue(name, out var a) ? NumericError.RelativeError(value, a) : double.PositiveInfinity);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Devices;

/// <summary>
/// "Available is not usable", judged on the work that will run: one training step's forward and backward pass of the
/// model itself, in float32 on the device, against the same model in float64 on the CPU (whose convolutions do not
/// go through oneDNN), comparing the output and every parameter gradient. On the CPU it runs on 1 thread and on all
/// of torch's threads: a wrong kernel seen on a Zen 5 CPU failed every 1-thread run but only 9 of 12 2-thread runs,
/// so the 1-thread pass is what makes the verdict the same on every run (environment.md).
/// </summary>
public static class WorkloadCheck
{
    /// <summary>Small enough to run in a second on the CPU in float64, large enough for batch norm's statistics.</summary>
    public const int Batch = 8;

    /// <param name="model">Its name in the verdict.</param>
    /// <param name="factory">Builds the model; called twice under the same seed (float32 and float64 copies).</param>
    /// <param name="sample">One input's shape: MNIST's [1, 28, 28] unless given.</param>
    public static WorkloadVerdict Run(string model, Func<nn.Module<Tensor, Tensor>> factory, Device device, long[]? sample = null, long seed = 0)
    {
        var threads = get_num_threads();
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var candidate = factory();
        var reference = factory();
        reference.load_state_dict(candidate.state_dict());
        reference.to(float64);
        candidate.to(device);
        foreach (var m in new[] { candidate, reference }) PrepareModes(m);

        var gen = new Generator((ulong)seed + 1);
        var x = rand([Batch, .. sample ?? [1, 28, 28]], generator: gen);
        var y = randint(0, 10, [Batch], generator: gen);
        var expected = Pass(reference, x.to(float64), y);

        var layers = new List<(string Name, nn.Module<Tensor, Tensor> Layer, long[] Shape, bool Grad, bool ChannelsLast)>();
        var hooks = Leaves(candidate).Select(l => l.Layer.register_forward_hook((_, input, output) =>
        {
            if (!layers.Any(c => c.Name == l.Name))
                layers.Add((l.Name, l.Layer, input.shape, input.requires_grad, MemoryLayout.IsChannelsLast(input)));
            return output;
        })).ToList();

        (string Name, double Error, int Threads) worst = ("output", 0, threads);
        var tolerance = Accuracy.ToleranceFor(device);
        try
        {
            // 1 thread first, and the first pass that fails decides: its verdict does not change from run to run.
            foreach (var t in device.type == DeviceType.CPU && threads > 1 ? new[] { 1, threads } : [threads])
            {
                set_num_threads(t);
                var actual = Pass(candidate, x.to(device), y.to(device));
                var (name, e) = Compare(expected, actual).MaxBy(c => double.IsNaN(c.Error) ? double.PositiveInfinity : c.Error);
                foreach (var h in hooks) h.remove();
                hooks.Clear();
                if (!(e <= worst.Error)) worst = (name, e, t);
                if (!(e <= tolerance)) break;
            }
            var correct = worst.Error <= tolerance;
            string? culprit = null;
            if (!correct)
            {
                set_num_threads(worst.Threads);
                culprit = FindCulprit(layers, reference, device, tolerance);
            }
            return new WorkloadVerdict(model, device.ToString(), correct, worst.Name, worst.Error, tolerance, ThreadText(device, threads, correct ? null : worst.Threads), culprit);
        }
        finally
        {
            foreach (var h in hooks) h.remove();
            set_num_threads(threads);
        }
    }

    /// <summary>Training mode (batch norm uses the batch's statistics, as in training), but dropout off: its mask is
    /// random and would differ between the two copies, while its kernel is a plain multiply.</summary>
    static void PrepareModes(nn.Module model)
    {
        model.train();
        foreach (var (_, m) in model.named_modules())
            if (m.GetType().Name.Contains("Dropout", StringComparison.Ordinal)) m.eval();
    }

    static IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> Leaves(nn.Module model) =>
        model.named_modules().Where(m => !m.module.children().Any() && m.module is nn.Module<Tensor, Tensor>)
            .Select(m => (m.name, (nn.Module<Tensor, Tensor>)m.module));

    /// <summary>The output and every parameter gradient, under cross-entropy against the batch's labels.</summary>
    static List<(string Name, Tensor Value)> Pass(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.zero_grad();
        var output = model.forward(x);
        nn.functional.cross_entropy(output, y).backward();
        var result = new List<(string, Tensor)> { ("output", output.detach()) };
        foreach (var (name, p) in model.named_parameters())
            if (p.grad is { } g) result.Add(($"{name} gradient", g.detach().clone()));
        return result;
    }

    static IEnumerable<(string Name, double Error)> Compare(List<(string Name, Tensor Value)> expected, List<(string Name, Tensor Value)> actual)
    {
        var byName = actual.ToDictionary(a => a.Name, a => a.Value);
        foreach (var (name, value) in expected)
            yield return (name, byName.TryGetValue(name, out var a) ? Accuracy.RelativeError(value, a) : double.PositiveInfinity);
    }

    /// <summary>
    /// Replays each layer on its own, with a random input of the shape and layout it saw in the model, against the
    /// float64 copy of that layer: the first that is wrong by itself is named with the part that is off.
    /// </summary>
    static string? FindCulprit(List<(string Name, nn.Module<Tensor, Tensor> Layer, long[] Shape, bool Grad, bool ChannelsLast)> layers,
        nn.Module<Tensor, Tensor> reference, Device device, double tolerance)
    {
        var referenceLayers = Leaves(reference).ToDictionary(l => l.Name, l => l.Layer);
        var gen = new Generator(11);
        foreach (var (name, layer, shape, grad, channelsLast) in layers)
        {
            if (!referenceLayers.TryGetValue(name, out var twin)) continue;
            using var scope = NewDisposeScope();
            var x = randn(shape, generator: gen);
            var expected = Replay(twin, x.to(float64), grad);
            var input = x.to(device);
            if (channelsLast) input = MemoryLayout.ToChannelsLast(input);
            var actual = Replay(layer, input, grad);
            // The first part off, in the order they are computed: a wrong forward result makes every gradient wrong too.
            var (part, error) = Compare(expected, actual).FirstOrDefault(p => !(p.Error <= tolerance));
            if (part is not null)
                return $"{name} ({layer.GetType().Name}, input {Accuracy.Shape(shape)}{(shape.Length == 4 ? channelsLast ? " channels-last" : " NCHW" : "")}): {part} {Accuracy.Describe(error)}";
        }
        return null;
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

    static string ThreadText(Device device, int threads, int? failedAt) =>
        device.type != DeviceType.CPU ? "float32" : failedAt is { } t ? $"float32, {t} thread{(t == 1 ? "" : "s")}"
        : threads == 1 ? "float32, 1 thread" : $"float32, 1 and {threads} threads";
}

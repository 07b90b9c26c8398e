using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Reporting;

/// <summary>
/// Whether a network is LeNet-5 as notebook 03 asks for it (ReLU, 2x2 average pooling), judged by what it computes:
/// the same fixed weights go into it and into the reference, and both run the same fixed input. A parameter count
/// cannot tell max from average pooling or a sigmoid from a ReLU (all have 61,706 parameters); outputs can.
/// </summary>
static class LeNetReference
{
    public const long Parameters = 61_706;

    public static nn.Module<Tensor, Tensor> Create(bool maxPooling = false, string activation = "ReLU")
    {
        nn.Module<Tensor, Tensor> Act() => activation switch { "sigmoid" => nn.Sigmoid(), "tanh" => nn.Tanh(), _ => nn.ReLU() };
        nn.Module<Tensor, Tensor> Pool() => maxPooling ? nn.MaxPool2d(2) : nn.AvgPool2d(2);
        return nn.Sequential(
            ("conv1", nn.Conv2d(1, 6, 5, padding: 2)), ("act1", Act()), ("pool1", Pool()),
            ("conv2", nn.Conv2d(6, 16, 5)), ("act2", Act()), ("pool2", Pool()),
            ("flatten", nn.Flatten()),
            ("dense1", nn.Linear(400, 120)), ("act3", Act()),
            ("dense2", nn.Linear(120, 84)), ("act4", Act()),
            ("output", nn.Linear(84, 10)));
    }

    /// <summary>Null when <paramref name="factory"/>'s network computes the reference's function; otherwise what differs, as a hint.</summary>
    public static string? Difference(Func<nn.Module<Tensor, Tensor>> factory)
    {
        using var scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> student;
        try
        {
            student = factory();
        }
        catch (Exception e)
        {
            return $"your factory throws: {e.Message.Split('\n')[0]}";
        }
        var count = student.parameters().Sum(p => p.numel());
        if (count != Parameters)
            return $"your network has {count:N0} parameters, LeNet-5 {Parameters:N0}: compare each layer's kernel size, channels, padding and units with the prompt.";

        var input = rand([4, 1, 28, 28], generator: new Generator(5), dtype: float64);
        var output = Run(student, input);
        if (output is null) return "your network fails on a batch of 1 x 28 x 28 images: check each layer's input size.";
        if (!output.shape.SequenceEqual(new long[] { 4, 10 }))
            return $"4 images give {string.Join(" x ", output.shape)} scores, not 4 x 10.";
        var expected = Run(Create(), input)!;
        if (Close(output, expected)) return null;

        // Same parameters, another function: name the likely cause when a known variant computes the student's outputs.
        foreach (var (max, activation) in new[] { (true, "ReLU"), (false, "sigmoid"), (true, "sigmoid"), (false, "tanh"), (true, "tanh") })
            if (Close(output, Run(Create(max, activation), input)!))
                return (max ? "your pooling takes the maximum of each 2x2 window; LeNet averages it. " : "")
                    + (activation != "ReLU" ? $"your activation is {activation}; this LeNet (d2l's modern version) uses ReLU." : "");
        return "the right parameters, but another function: compare the order and kind of your layers (activation, pooling) with the prompt.";
    }

    /// <summary>The network in float64 on the CPU, in eval mode, with fixed weights matched to the reference's by shape
    /// (LeNet's ten parameter tensors all have different shapes, so the layers' names and nesting do not matter).</summary>
    static Tensor? Run(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        try
        {
            model.to(CPU).to(float64).eval();
            var generator = new Generator(3);
            using (no_grad())
                foreach (var p in model.parameters().OrderBy(p => string.Join("x", p.shape), StringComparer.Ordinal))
                {
                    var fanIn = p.shape.Length > 1 ? p.numel() / p.shape[0] : 4;
                    p.copy_(randn(p.shape, generator: generator, dtype: float64) / Math.Sqrt(fanIn));
                }
            using (no_grad()) return model.forward(input);
        }
        catch (Exception)
        {
            return null;
        }
    }

    static bool Close(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a - b).abs().max().item<double>() <= 1e-9 * Math.Max(1, b.abs().max().item<double>());
}

using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>The blog's three kinds of network, plus the width/depth knobs the "when does the GPU win" sweep turns.</summary>
public static partial class ModelZoo
{
    public const int Classes = 10;

    /// <summary>mlp, cnn and deep: the blog's simple feed-forward net, Keras's mnist_cnn, and a CNN of more than 10 layers.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["mlp", "cnn", "deep"];

    /// <summary>A model by key: mlp, cnn, deep, or a sized variant from the sweep: mlp-{hidden}x{layers}, deep-w{width}x{convs}.</summary>
    public static WorkbookModel Create(string key) => key switch
    {
        "mlp" => Mlp(),
        "cnn" => KerasMnistCnn(),
        "deep" => DeepCnn(),
        _ when Variant().Match(key) is { Success: true } m => m.Groups["kind"].Value == "mlp"
            ? Mlp(int.Parse(m.Groups["a"].Value), int.Parse(m.Groups["b"].Value))
            : DeepCnn(int.Parse(m.Groups["a"].Value), int.Parse(m.Groups["b"].Value)),
        _ => throw new ArgumentException($"unknown model '{key}'; choose from {string.Join(", ", Keys)} (or mlp-HxL, deep-wWxC)", nameof(key)),
    };

    public static bool IsKnown(string key) => Keys.Contains(key) || Variant().IsMatch(key);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<kind>mlp|deep)-w?(?<a>[1-9][0-9]{0,4})x(?<b>[1-9][0-9]?)$")]
    private static partial System.Text.RegularExpressions.Regex Variant();

    /// <summary>The blog's "simple feed-forward network": 784-128-10 by default.</summary>
    public static WorkbookModel Mlp(int hidden = 128, int hiddenLayers = 1)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        var width = 28 * 28;
        for (var i = 1; i <= hiddenLayers; i++)
        {
            layers.Add(($"dense{i}", nn.Linear(width, hidden)));
            layers.Add(($"relu{i}", nn.ReLU()));
            width = hidden;
        }
        layers.Add(("output", nn.Linear(width, Classes)));
        var title = hiddenLayers == 1 && hidden == 128 ? "MLP 784-128-10" : $"MLP 784-{string.Join("-", Enumerable.Repeat(hidden, hiddenLayers))}-10";
        return new WorkbookModel(hiddenLayers == 1 && hidden == 128 ? "mlp" : $"mlp-{hidden}x{hiddenLayers}", title, layers);
    }

    /// <summary>
    /// Keras's examples/mnist_cnn.py, layer for layer (1,199,882 parameters), with three changes that keep the function
    /// and make it faster: the second ReLU runs after the max pooling instead of before (ReLU is monotonic, so
    /// relu(max(x)) = max(relu(x)) and the gradients are the same, on a quarter of the elements), the second
    /// convolution's bias is added after the pooling too (<see cref="PooledBias"/>: the same values, the same gradient),
    /// and the flatten is in Keras's own channels-last order (h, w, c), which is a view of the channels-last feature maps.
    /// </summary>
    public static WorkbookModel KerasMnistCnn() => new("cnn", "Keras mnist_cnn",
    [
        ("conv1", nn.Conv2d(1, 32, 3)),
        ("relu1", nn.ReLU()),
        ("conv2", nn.Conv2d(32, 64, 3, bias: false)),
        ("pool", nn.MaxPool2d(2)),
        ("bias2", new PooledBias(64, fanIn: 32 * 3 * 3)),
        ("relu2", nn.ReLU()),
        ("dropout1", new MaskDropout(0.25)),
        ("flatten", new ChannelsLastFlatten()),
        ("dense", nn.Linear(9216, 128)),
        ("relu3", nn.ReLU()),
        ("dropout2", new MaskDropout(0.5)),
        ("output", nn.Linear(128, Classes)),
    ]);

    /// <summary>
    /// VGG-style: 3x3 convolutions with batch norm in four blocks (widths w, 2w, 4w, 8w; 3+3+3+2 convolutions), global
    /// average pooling and two dense layers: 13 weight layers, the blog's "more than 10 layers".
    /// </summary>
    public static WorkbookModel DeepCnn(int width = 32, int convsPerBlock = 3)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = 1, n = 0;
        int[] widths = [width, 2 * width, 4 * width, 8 * width];
        for (var block = 0; block < widths.Length; block++)
        {
            var convs = block == widths.Length - 1 ? Math.Max(1, convsPerBlock - 1) : convsPerBlock;
            for (var c = 0; c < convs; c++)
            {
                n++;
                layers.Add(($"conv{n}", nn.Conv2d(channels, widths[block], 3, padding: 1, bias: false)));
                layers.Add(($"bn{n}", nn.BatchNorm2d(widths[block])));
                layers.Add(($"relu{n}", nn.ReLU()));
                channels = widths[block];
            }
            if (block < widths.Length - 1) layers.Add(($"pool{block + 1}", nn.MaxPool2d(2)));
        }
        layers.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("dense", nn.Linear(channels, 256)));
        layers.Add(("relu_dense", nn.ReLU()));
        layers.Add(("dropout", new MaskDropout(0.5)));
        layers.Add(("output", nn.Linear(256, Classes)));
        var key = width == 32 && convsPerBlock == 3 ? "deep" : $"deep-w{width}x{convsPerBlock}";
        return new WorkbookModel(key, $"Deep CNN ({n + 2} weight layers)", layers);
    }
}

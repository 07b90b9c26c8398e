using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// The blog's three kinds of network, plus the width/depth knobs the "when does the GPU win" sweep turns: plain
/// TorchSharp layers, as a page writes them. <see cref="SpeedUps.Apply"/> turns one into its faster equivalent.
/// </summary>
public static partial class ModelZoo
{
    public const int Classes = 10;

    /// <summary>mlp, cnn and deep: the blog's simple feed-forward net, Keras's mnist_cnn, and a CNN of more than 10 layers.</summary>
    public static IReadOnlyList<string> Keys => ModelKeys.All;

    /// <summary>A model by key: mlp, cnn, deep, or a sized variant from the sweep: mlp-{hidden}x{layers}, deep-w{width}x{convs}.</summary>
    public static WorkbookModel Create(string key) => key switch
    {
        ModelKeys.Mlp => Mlp(),
        ModelKeys.Cnn => KerasMnistCnn(),
        ModelKeys.Deep => DeepCnn(),
        _ when Variant().Match(key) is { Success: true } m => m.Groups["kind"].Value == "mlp"
            ? Mlp(int.Parse(m.Groups["a"].Value), int.Parse(m.Groups["b"].Value))
            : DeepCnn(int.Parse(m.Groups["a"].Value), int.Parse(m.Groups["b"].Value)),
        _ => throw new ArgumentException($"unknown model '{key}'; choose from {string.Join(", ", Keys)} (or mlp-HxL, deep-wWxC)", nameof(key)),
    };

    /// <summary>The model by key as the workbook times it on <paramref name="device"/>: with the <see cref="SpeedUps"/>
    /// measured to help there (the row or line that times it says which).</summary>
    public static WorkbookModel CreateTimed(string key, Device device) => Create(key).Faster(device);

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
        return new WorkbookModel(hiddenLayers == 1 && hidden == 128 ? ModelKeys.Mlp : $"mlp-{hidden}x{hiddenLayers}", title, layers);
    }

    /// <summary>
    /// Keras's examples/mnist_cnn.py, layer for layer and with Keras's layer names (1,199,882 parameters): the network
    /// notebook 02 writes, so one loads the other's state dict. Timed runs make it faster with <see cref="SpeedUps"/>.
    /// </summary>
    public static WorkbookModel KerasMnistCnn() => new(ModelKeys.Cnn, "Keras mnist_cnn",
    [
        ("conv2d_1", nn.Conv2d(1, 32, 3)), ("relu_1", nn.ReLU()),
        ("conv2d_2", nn.Conv2d(32, 64, 3)), ("relu_2", nn.ReLU()),
        ("max_pooling2d_1", nn.MaxPool2d(2)),
        ("dropout_1", nn.Dropout(0.25)),
        ("flatten_1", nn.Flatten()),
        ("dense_1", nn.Linear(9216, 128)), ("relu_3", nn.ReLU()),
        ("dropout_2", nn.Dropout(0.5)),
        ("dense_2", nn.Linear(128, Classes)),
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
        layers.Add(("dropout", nn.Dropout(0.5)));
        layers.Add(("output", nn.Linear(256, Classes)));
        var key = width == 32 && convsPerBlock == 3 ? ModelKeys.Deep : $"deep-w{width}x{convsPerBlock}";
        return new WorkbookModel(key, $"Deep CNN ({n + 2} weight layers)", layers);
    }
}

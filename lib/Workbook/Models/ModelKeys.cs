namespace Workbook.Models;

/// <summary>
/// The keys of the blog's three networks, as plans, rows, claims and tables name them. Sized variants of the sweep
/// ("mlp-512x2", "deep-w16x3") are built from their family's key.
/// </summary>
public static class ModelKeys
{
    /// <summary>The small feed-forward network (784-128-10): the blog's "small nets run faster on the CPU".</summary>
    public const string Mlp = "mlp";

    /// <summary>The Keras mnist_cnn: the blog's "about 10x faster on the GPU".</summary>
    public const string Cnn = "cnn";

    /// <summary>The deep CNN of more than 10 layers: the blog's "where the GPU pulls far ahead".</summary>
    public const string Deep = "deep";

    /// <summary>The three, in the order a plan runs and a table lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Mlp, Cnn, Deep];
}

namespace Workbook.Runtime;

/// <summary>One library in the tree: what asked for it, where it was found, what it needs in turn.</summary>
public sealed record NativeNode(string Name, string? Path, DependencyKind Kind, string Where, IReadOnlyList<NativeNode> Children,
    IReadOnlyList<string> MissingFunctions, bool ShownAbove)
{
    /// <summary>What the loader said when <see cref="DependencyKind.Unreadable"/> or <see cref="DependencyKind.DoesNotLoad"/>.</summary>
    public string? Error { get; init; }
}

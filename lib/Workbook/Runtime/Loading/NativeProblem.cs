namespace Workbook.Runtime;

/// <summary>One thing that stops the natives from loading, with the libraries that need it and the fix.</summary>
public sealed record NativeProblem(string File, IReadOnlyList<string> NeededBy, string What, string Fix)
{
    public override string ToString() => $"{What} Fix: {Fix}";
}

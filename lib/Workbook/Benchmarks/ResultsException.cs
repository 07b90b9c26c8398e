namespace Workbook.Benchmarks;

/// <summary>A saved results folder or file that cannot be used: which, why, and what to do.</summary>
public sealed class ResultsException(string path, string problem, string fix) : Exception($"{path}: {problem}.\nFix: {fix}")
{
    public string Path { get; } = path;
}

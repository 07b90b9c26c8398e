namespace Workbook.Data;

/// <summary>A dataset file is missing or unusable: which file, what is wrong with it, and how to fix it.</summary>
public sealed class MnistDataException(string file, string problem, string fix, Exception? inner = null)
    : Exception($"{file}: {problem}\nFix: {fix}", inner)
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
    public string Fix { get; } = fix;
}

namespace Workbook.Benchmarks;

/// <summary>A run measured on another machine, kept in data/results/&lt;machine&gt;/ to compare with.</summary>
public sealed record ReferenceRun(string Name, string Directory, RunResults Results);

public static class ReferenceResults
{
    /// <summary>Every saved run under <paramref name="root"/> (one folder per machine); none when the folder is absent.</summary>
    public static IReadOnlyList<ReferenceRun> Load(string root)
    {
        if (!System.IO.Directory.Exists(root)) return [];
        return [.. System.IO.Directory.GetDirectories(root).Order()
            .Where(d => File.Exists(Path.Combine(d, ResultsStore.JsonFile)))
            .Select(d => new ReferenceRun(Path.GetFileName(d), d, ResultsStore.Load(d)))];
    }
}

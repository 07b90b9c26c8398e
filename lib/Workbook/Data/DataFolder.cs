namespace Workbook.Data;

/// <summary>Finds the workbook's data/mnist folder from wherever the code runs: the CLI, a test, or a notebook's folder.</summary>
public static class DataFolder
{
    /// <summary>Overrides the search: the folder holding the four MNIST files.</summary>
    public const string Variable = "WORKBOOK_DATA";

    /// <summary>The repository root: the nearest folder above the working directory or the library that holds Workbook.sln.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Path.GetDirectoryName(typeof(DataFolder).Assembly.Location) })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Workbook.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>The MNIST folder: the explicit path, else WORKBOOK_DATA, else data/mnist under the repository root.</summary>
    public static string Mnist(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var own = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(own)) return Path.GetFullPath(own);
        var root = RepositoryRoot();
        if (root is not null) return Path.Combine(root, "data", "mnist");
        // A published bundle carries data/mnist beside the executable.
        return Path.Combine(AppContext.BaseDirectory, "data", "mnist");
    }
}

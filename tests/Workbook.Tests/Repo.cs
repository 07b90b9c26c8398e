using Workbook.Data;

namespace Workbook.Tests;

/// <summary>Paths of the repository the tests run in, and scratch folders that clean up after themselves.</summary>
public static class Repo
{
    public static string Root { get; } = DataFolder.RepositoryRoot() ?? throw new InvalidOperationException("run the tests inside the repository");
    public static string Mnist => Path.Combine(Root, "data", "mnist");
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "Workbook.Cli.dll");
}

public sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("workbook-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

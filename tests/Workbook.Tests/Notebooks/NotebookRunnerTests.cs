#if KERNEL
using System.Text.Json;
using Workbook.Cli.Notebooks;
#endif

namespace Workbook.Tests.Notebooks;

#if KERNEL // the in-process kernel; without it (-p:WorkbookKernel=false) the lesson files are the headless path (LessonFilesTests)
[Collection(NotebookCollection.Name)]
public class NotebookRunnerTests
{
    static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "Workbook.Tests", "Fixtures", name);

    [Fact]
    public async Task Tiny_notebook_initialises_torch_and_computes_in_the_kernel()
    {
        using var scratch = new ScratchDir();
        var run = await NotebookRunner.RunAsync(Fixture("tiny.ipynb"), scratch.Path);
        Assert.True(run.Succeeded, run.Failure?.Error);
        Assert.Equal(2, run.CodeCells);
        var executed = await File.ReadAllTextAsync(run.ExecutedCopy!);
        Assert.Contains("0.107.0", executed);
        Assert.Contains("sum=18 grad=18", executed);
        using var json = JsonDocument.Parse(executed);
        Assert.Equal(3, json.RootElement.GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public async Task Runner_stops_at_the_failing_cell_and_names_it()
    {
        using var scratch = new ScratchDir();
        var run = await NotebookRunner.RunAsync(Fixture("failing.ipynb"), scratch.Path);
        Assert.False(run.Succeeded);
        Assert.Equal(2, run.Failure!.Cell);
        Assert.Contains("cell two breaks on purpose", run.Failure.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(run.ExecutedCopy!));
        var cells = json.RootElement.GetProperty("cells");
        Assert.Equal(1, cells[0].GetProperty("outputs").GetArrayLength());
        Assert.Contains("cell two breaks on purpose", cells[1].GetProperty("outputs").GetRawText());
        Assert.Equal(0, cells[2].GetProperty("outputs").GetArrayLength()); // never run
    }
}
#endif

/// <summary>Notebook runs change the process's working directory: never in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class NotebookCollection
{
    public const string Name = "notebooks";
}

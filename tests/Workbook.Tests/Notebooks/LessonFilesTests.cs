using System.Text.RegularExpressions;
using Workbook.Cli.Notebooks;
using Workbook.Reporting;

namespace Workbook.Tests.Notebooks;

/// <summary>
/// Every lesson and solution as a file-based app, run as a student would (`dotnet run notebooks/NN-name.cs`, quick
/// mode): no notebook kernel involved. A lesson fails on an exception, which includes a benchmark whose every row was
/// skipped (MeasuredRows.Require throws); a solution also fails on any check that does not answer "Right".
/// The lessons and the solutions are two classes, so xunit runs the two lists side by side (one build and run each).
/// </summary>
public static class LessonFiles
{
    public static async Task<(LessonRun Run, string Charts)> RunQuickAsync(string relative, ScratchDir scratch)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        // The test build has built lib/Workbook; the lesson's own build must not rebuild it while the other list runs.
        var run = await FileLessonRunner.RunAsync(Path.Combine(Repo.Root, relative), buildLibrary: false, outputFolder: scratch.Path,
            environment: new Dictionary<string, string> { [NotebookMode.Variable] = "1" }, cancel: timeout.Token);
        Assert.True(run.Succeeded, $"dotnet run {relative} exited with {run.ExitCode}:\n{Tail(run.Output)}");
        return (run, scratch.Path);
    }

    public static string Tail(string output) => output.Length <= 4000 ? output : "...\n" + output[^4000..];

    public static int Checks(string mark, string output) => Regex.Matches(output, $@"(?m)^Exercise \d+: {mark}\.").Count;
}

public class LessonFilesTests
{
    public static TheoryData<string> Lessons => [.. WorkbookNotebooksTests.Names];

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Every_lesson_file_runs_in_quick_mode_and_prints_its_tables_and_charts(string name)
    {
        using var scratch = new ScratchDir();
        var (run, charts) = await LessonFiles.RunQuickAsync($"notebooks/{name}.cs", scratch);
        Assert.Contains("Quick mode", run.Output);
        Assert.Matches(@"(?m)^-{3,}  -{3,}", run.Output); // a DataFrame, as a text table with its rule under the header
        var pages = Directory.Exists(Path.Combine(charts, name)) ? Directory.GetFiles(Path.Combine(charts, name), "*.html") : [];
        var plotted = pages.Where(p => File.ReadAllText(p).Contains("Plotly.newPlot", StringComparison.Ordinal)).ToList();
        Assert.Equal(WorkbookNotebooksTests.ChartCounts[name], plotted.Count);
        foreach (var page in plotted)
        {
            Assert.Contains(page, run.Output); // its path is printed
            var html = File.ReadAllText(page);
            Assert.Contains("plotly.js v2", html); // embedded: the page opens offline
            Assert.DoesNotContain("src=\"http", html);
        }
        // The exercises' placeholders run, and each check answers with a hint.
        var exercises = WorkbookNotebooksTests.Exercises(WorkbookNotebooksTests.Sources(WorkbookNotebooksTests.PathOf(name), "code")).Count;
        Assert.Equal(exercises, LessonFiles.Checks(ExerciseVerdict.NotYetMark, run.Output));
    }
}

public class SolutionFilesTests
{
    public static TheoryData<string> Solutions => [.. WorkbookNotebooksTests.Names];

    [Theory]
    [MemberData(nameof(Solutions))]
    public async Task Every_solution_file_runs_in_quick_mode_and_every_check_says_right(string name)
    {
        using var scratch = new ScratchDir();
        var (run, _) = await LessonFiles.RunQuickAsync($"notebooks/solutions/{name}-solutions.cs", scratch);
        var exercises = WorkbookNotebooksTests.Exercises(WorkbookNotebooksTests.Sources(WorkbookNotebooksTests.SolutionOf(name), "code")).Count;
        Assert.Equal(exercises, LessonFiles.Checks(ExerciseVerdict.RightMark, run.Output));
        Assert.Equal(0, LessonFiles.Checks(ExerciseVerdict.NotYetMark, run.Output));
    }
}

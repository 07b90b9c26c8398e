using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workbook.Cli.Notebooks;
using Workbook.Reporting;

namespace Workbook.Tests.Notebooks;

/// <summary>
/// The five notebooks of the walkthrough and their worked solutions: pinned like the build, committed clean, laid out as
/// lessons (what you will learn, a visible Quick line, exercises with checks), and every cell runs (quick mode).
/// </summary>
[Collection(NotebookCollection.Name)]
public partial class WorkbookNotebooksTests
{
    internal static readonly string[] Names = ["00-environment", "01-data", "02-models", "03-cpu-vs-gpu", "04-when-the-gpu-wins"];

    internal static string PathOf(string name) => Path.Combine(Repo.Root, "notebooks", name + ".ipynb");

    internal static string SolutionOf(string name) => Path.Combine(Repo.Root, "notebooks", "solutions", name + "-solutions.ipynb");

    static IEnumerable<string> Everything => Names.Select(PathOf).Concat(Names.Select(SolutionOf));

    static JsonElement Cells(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cells");

    internal static IEnumerable<string> Sources(string path, string type) => Cells(path).EnumerateArray()
        .Where(c => c.GetProperty("cell_type").GetString() == type)
        .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())));

    [Fact]
    public void Exactly_the_five_notebooks_and_their_solutions_exist_with_the_dotnet_kernel()
    {
        Assert.Equal(Names, Directory.GetFiles(Path.Combine(Repo.Root, "notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order());
        Assert.Equal(Names.Select(n => n + "-solutions"),
            Directory.GetFiles(Path.Combine(Repo.Root, "notebooks", "solutions"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var path in Everything)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(".net-csharp", json.RootElement.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
            Assert.Equal("markdown", json.RootElement.GetProperty("cells")[0].GetProperty("cell_type").GetString());
        }
    }

    [Fact]
    public void Notebooks_are_committed_without_outputs()
    {
        foreach (var path in Everything)
            foreach (var cell in Cells(path).EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
                Assert.Equal(0, cell.GetProperty("outputs").GetArrayLength());
    }

    [Fact]
    public void First_cell_pins_the_build_versions_and_has_a_visible_quick_line()
    {
        var pinned = XDocument.Load(Path.Combine(Repo.Root, "Directory.Packages.props"));
        var properties = pinned.Descendants().Where(e => e.Parent?.Name == "PropertyGroup").ToDictionary(e => e.Name.LocalName, e => e.Value);
        var versions = pinned.Descendants("PackageVersion").ToDictionary(e => e.Attribute("Include")!.Value,
            e => Regex.Replace(e.Attribute("Version")!.Value, @"\$\((\w+)\)", m => properties[m.Groups[1].Value]));
        foreach (var path in Everything)
        {
            var first = Sources(path, "code").First();
            var references = NugetReference().Matches(first).ToList();
            Assert.True(references.Count >= 3, $"{path}: {references.Count} #r nuget lines");
            foreach (Match r in references)
                Assert.True(versions.TryGetValue(r.Groups[1].Value, out var v) && v == r.Groups[2].Value,
                    $"{path}: {r.Groups[1].Value} {r.Groups[2].Value} differs from Directory.Packages.props ({v ?? "absent"})");
            var depth = path.Contains($"{Path.DirectorySeparatorChar}solutions{Path.DirectorySeparatorChar}") ? "../../" : "../";
            Assert.Contains($"#r \"{depth}artifacts/bin/Workbook.dll\"", first);
            Assert.Matches(@"(?m)^var Quick = (true|false);", first);
            Assert.Contains("var session = NotebookSession.Start(Quick);", first);
            Assert.Contains("Quick = session.Quick;", first); // the cells below see the mode WORKBOOK_QUICK chose
            Assert.True(first.Split('\n').Length <= 10, $"{path}: the set-up cell has {first.Split('\n').Length} lines");
        }
    }

    [Fact]
    public void Each_notebook_opens_with_what_you_will_learn_and_has_exercises_with_checks_and_solutions()
    {
        foreach (var name in Names)
        {
            var opening = Sources(PathOf(name), "markdown").First();
            Assert.Contains("**What you will learn**", opening);
            Assert.Matches(@"about \d+ minutes", opening);
            var exercises = Exercises(Sources(PathOf(name), "code"));
            Assert.InRange(exercises.Count, 2, 3);
            Assert.Equal(exercises, Exercises(Sources(SolutionOf(name), "code")));
        }
    }

    internal static List<string> Exercises(IEnumerable<string> code) =>
        [.. code.SelectMany(c => ExerciseCheck().Matches(c)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Distinct().Order()];

    [Fact]
    public void The_device_switch_is_one_visible_line_at_the_top_of_03_and_04()
    {
        foreach (var name in (string[])["03-cpu-vs-gpu", "04-when-the-gpu-wins"])
        {
            var second = Sources(PathOf(name), "code").ElementAt(1);
            Assert.StartsWith("var device = cuda.is_available() ? torch.CUDA : torch.CPU;", second);
            Assert.DoesNotContain("GPU SWITCH", string.Concat(Sources(PathOf(name), "code")));
        }
    }

    [Fact]
    public void The_readable_copies_in_docs_have_the_notebooks_cells_and_no_plotly_js()
    {
        foreach (var name in Names)
        {
            var copy = Path.Combine(Repo.Root, "docs", "notebooks", name + ".ipynb");
            Assert.True(File.Exists(copy), $"{copy} is missing: run `workbook notebooks render`");
            foreach (var type in (string[])["code", "markdown"])
                Assert.True(Sources(PathOf(name), type).SequenceEqual(Sources(copy, type)),
                    $"docs/notebooks/{name}.ipynb has other {type} cells than notebooks/{name}.ipynb: regenerate it with `workbook notebooks render`");
            var text = File.ReadAllText(copy);
            Assert.DoesNotContain("plotly.js v2", text);
            Assert.DoesNotContain("var renderPlotly_", text); // every chart is an image
            Assert.True(text.Length < 400_000, $"{copy}: {text.Length} characters");
        }
    }

    [Fact]
    public void Every_benchmark_cell_stops_when_nothing_was_measured()
    {
        var cells = Names.Select(PathOf).SelectMany(p => Sources(p, "code")).Where(c => c.Contains("BenchmarkRunner.Run(")).ToList();
        Assert.Equal(5, cells.Count); // 03's runner, 04's three sweeps and its precision runs
        foreach (var cell in cells)
            Assert.Equal(Regex.Matches(cell, @"BenchmarkRunner\.Run\(").Count, Regex.Matches(cell, @"MeasuredRows\.Require\(").Count);
    }

    public static TheoryData<string> Runs => [.. Names.Select(n => $"notebooks/{n}.ipynb"), .. Names.Select(n => $"notebooks/solutions/{n}-solutions.ipynb")];

    /// <summary>Charts per notebook (one plotly div each); the solutions draw none.</summary>
    internal static readonly Dictionary<string, int> ChartCounts = new()
    {
        ["00-environment"] = 0,
        ["01-data"] = 1,
        ["02-models"] = 0,
        ["03-cpu-vs-gpu"] = 4,
        ["04-when-the-gpu-wins"] = 5, // size, batch, placement, reference comparison, and your own model beside the CNN
    };

#if KERNEL // in the in-process kernel; LessonFilesTests runs the same lessons as files, which need no kernel
    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Every_notebook_and_solution_runs_in_quick_mode(string relative)
    {
        Environment.SetEnvironmentVariable(NotebookMode.Variable, "1");
        try
        {
            using var scratch = new ScratchDir();
            var run = await NotebookRunner.RunAsync(Path.Combine(Repo.Root, relative), scratch.Path);
            Assert.True(run.Succeeded, $"{relative}: cell {run.Failure?.Cell} failed: {run.Failure?.Error}");
            var all = Cells(run.ExecutedCopy!).EnumerateArray()
                .Where(c => c.GetProperty("cell_type").GetString() == "code")
                .SelectMany(c => c.GetProperty("outputs").EnumerateArray()).Select(o => o.GetRawText()).ToList();
            Assert.Single(all, o => o.Contains("plotly.js v2")); // plotly.js inline, once, from the set-up cell
            var outputs = string.Join("\n", all.Where(o => !o.Contains("plotly.js v2")));
            Assert.DoesNotContain("http", Regex.Replace(outputs, "http://www.w3.org/2000/svg", "")); // nothing fetched
            var name = Path.GetFileNameWithoutExtension(relative);
            if (name.EndsWith("-solutions", StringComparison.Ordinal))
            {
                // A worked solution answers every check "Right".
                Assert.Equal(Exercises(Sources(SolutionOf(name[..^"-solutions".Length]), "code")).Count,
                    Regex.Matches(outputs, $@"Exercise \d+: {ExerciseVerdict.RightMark}\.").Count);
                Assert.DoesNotContain(ExerciseVerdict.NotYetMark, outputs);
            }
            else
            {
                Assert.Contains("<table", outputs); // a DataFrame, formatted by Microsoft.Data.Analysis's kernel extension
                Assert.Equal(ChartCounts[name], Regex.Matches(outputs, "var renderPlotly_").Count);
                // The exercises' placeholders run, and each check answers with a hint.
                Assert.Equal(Exercises(Sources(PathOf(name), "code")).Count, Regex.Matches(outputs, $@"Exercise \d+: {ExerciseVerdict.NotYetMark}\.").Count);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(NotebookMode.Variable, null);
        }
    }
#endif

    [GeneratedRegex(@"#r ""nuget: ([\w.\-]+), ([\w.\-]+)""")]
    private static partial Regex NugetReference();

    /// <summary>A check written in the cell (<c>Exercise.Check("Exercise 1", ...)</c>) or one of the library's (<c>DataExercises.RarestDigit(...)</c>).</summary>
    [GeneratedRegex(@"Exercise\.Check\(""(Exercise \d+)""|\b(\w+Exercises\.\w+)\(")]
    private static partial Regex ExerciseCheck();
}

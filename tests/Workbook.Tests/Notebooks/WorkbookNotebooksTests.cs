using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workbook.Cli.Notebooks;
using Workbook.Reporting;

namespace Workbook.Tests.Notebooks;

/// <summary>The five notebooks of the walkthrough: pinned like the build, committed clean, and every cell runs (quick mode).</summary>
[Collection(NotebookCollection.Name)]
public partial class WorkbookNotebooksTests
{
    static readonly string[] Names = ["00-environment", "01-data", "02-models", "03-cpu-vs-gpu", "04-when-the-gpu-wins"];

    static string PathOf(string name) => Path.Combine(Repo.Root, "notebooks", name + ".ipynb");

    static JsonElement Cells(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cells");

    [Fact]
    public void Exactly_the_five_notebooks_exist_with_the_dotnet_kernel()
    {
        Assert.Equal(Names, Directory.GetFiles(Path.Combine(Repo.Root, "notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var name in Names)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(PathOf(name)));
            Assert.Equal(".net-csharp", json.RootElement.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
            Assert.Equal("markdown", json.RootElement.GetProperty("cells")[0].GetProperty("cell_type").GetString());
        }
    }

    [Fact]
    public void Notebooks_are_committed_without_outputs()
    {
        foreach (var name in Names)
            foreach (var cell in Cells(PathOf(name)).EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
                Assert.Equal(0, cell.GetProperty("outputs").GetArrayLength());
    }

    [Fact]
    public void First_cell_pins_the_same_package_versions_as_the_build()
    {
        var pinned = XDocument.Load(Path.Combine(Repo.Root, "Directory.Packages.props"));
        var properties = pinned.Descendants().Where(e => e.Parent?.Name == "PropertyGroup").ToDictionary(e => e.Name.LocalName, e => e.Value);
        var versions = pinned.Descendants("PackageVersion").ToDictionary(e => e.Attribute("Include")!.Value,
            e => Regex.Replace(e.Attribute("Version")!.Value, @"\$\((\w+)\)", m => properties[m.Groups[1].Value]));
        foreach (var name in Names)
        {
            var first = string.Concat(Cells(PathOf(name)).EnumerateArray().First(c => c.GetProperty("cell_type").GetString() == "code")
                .GetProperty("source").EnumerateArray().Select(l => l.GetString()));
            var references = NugetReference().Matches(first).ToList();
            Assert.True(references.Count >= 3, $"{name}: {references.Count} #r nuget lines");
            foreach (Match r in references)
                Assert.True(versions.TryGetValue(r.Groups[1].Value, out var v) && v == r.Groups[2].Value,
                    $"{name}: {r.Groups[1].Value} {r.Groups[2].Value} differs from Directory.Packages.props ({v ?? "absent"})");
            Assert.Contains("#r \"../artifacts/bin/Workbook.dll\"", first);
            Assert.Contains("TorchRuntime.Initialize(Backend)", first);
        }
    }

    [Fact]
    public async Task Every_notebook_runs_in_quick_mode_and_shows_its_charts_and_tables()
    {
        Environment.SetEnvironmentVariable(NotebookMode.Variable, "1");
        try
        {
            using var scratch = new ScratchDir();
            var charts = new Dictionary<string, int> { ["00-environment"] = 0, ["01-data"] = 1, ["02-models"] = 0, ["03-cpu-vs-gpu"] = 3, ["04-when-the-gpu-wins"] = 3 };
            foreach (var name in Names)
            {
                var run = await NotebookRunner.RunAsync(PathOf(name), scratch.Path);
                Assert.True(run.Succeeded, $"{name}: cell {run.Failure?.Cell} failed: {run.Failure?.Error}");
                var all = Cells(run.ExecutedCopy!).EnumerateArray()
                    .Where(c => c.GetProperty("cell_type").GetString() == "code")
                    .SelectMany(c => c.GetProperty("outputs").EnumerateArray()).Select(o => o.GetRawText()).ToList();
                Assert.Single(all, o => o.Contains("plotly.js v2")); // plotly.js inline, once
                var outputs = string.Join("\n", all.Where(o => !o.Contains("plotly.js v2")));
                Assert.Contains("<table", outputs); // a DataFrame, formatted by Microsoft.Data.Analysis's kernel extension
                Assert.Equal(charts[name], Regex.Matches(outputs, "var renderPlotly_").Count); // one per chart div
                Assert.DoesNotContain("http", Regex.Replace(outputs, "http://www.w3.org/2000/svg", "")); // nothing fetched
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(NotebookMode.Variable, null);
        }
    }

    [GeneratedRegex(@"#r ""nuget: ([\w.\-]+), ([\w.\-]+)""")]
    private static partial Regex NugetReference();
}

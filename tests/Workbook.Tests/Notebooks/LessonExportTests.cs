using System.Text.Json.Nodes;
using Workbook.Cli.Notebooks;

namespace Workbook.Tests.Notebooks;

/// <summary>
/// One source for two forms: each notebook's lesson file (notebooks/NN-name.cs) is exactly what `workbook notebooks
/// export` writes from it, and the translation turns the kernel's idioms into one C# program.
/// </summary>
public class LessonExportTests
{
    [Fact]
    public void Every_committed_lesson_file_is_what_the_export_writes_from_its_notebook()
    {
        var notebooks = LessonExport.Notebooks(Repo.Root);
        Assert.Equal(10, notebooks.Count);
        foreach (var notebook in notebooks)
        {
            var target = LessonExport.TargetOf(notebook);
            var relative = Path.GetRelativePath(Repo.Root, target);
            Assert.True(File.Exists(target), $"{relative} is missing. Run: {LessonExport.Command}");
            Assert.True(File.ReadAllText(target) == LessonExport.Generate(notebook, Repo.Root),
                $"{relative} differs from what {Path.GetFileName(notebook)} generates: edit the notebook, not the .cs, then run: {LessonExport.Command}");
        }
    }

    [Fact]
    public void An_edited_cell_changes_the_lesson_file_and_the_export_is_deterministic()
    {
        using var scratch = new ScratchDir();
        var notebook = Path.Combine(Repo.Root, "notebooks", "01-data.ipynb");
        var json = JsonNode.Parse(File.ReadAllText(notebook))!;
        var copy = Path.Combine(scratch.Path, "01-data.ipynb");
        var cell = json["cells"]!.AsArray().First(c => (string?)c!["cell_type"] == "code" && c["source"]!.ToJsonString().Contains("Mnist.Load()"))!;
        cell["source"] = new JsonArray("var mnist = Mnist.Load(); // edited\n", "mnist.Train.Count");
        File.WriteAllText(copy, json.ToJsonString());
        var edited = LessonExport.Generate(copy, Repo.Root);
        Assert.Contains("var mnist = Mnist.Load(); // edited\ndisplay(mnist.Train.Count);", edited);
        Assert.NotEqual(File.ReadAllText(LessonExport.TargetOf(notebook)), edited);
        Assert.Equal(edited, LessonExport.Generate(copy, Repo.Root));
    }

    [Fact]
    public void Running_the_lesson_files_refuses_one_older_than_its_notebook_and_names_the_command()
    {
        using var scratch = new ScratchDir();
        var notebook = Path.Combine(scratch.Path, "01-data.ipynb");
        File.Copy(Path.Combine(Repo.Root, "notebooks", "01-data.ipynb"), notebook);
        File.WriteAllText(Path.Combine(scratch.Path, "01-data.cs"), "// an old export\n");
        var (exit, stdout, stderr) = ChildProcess.Run("dotnet", [Repo.Cli, "notebooks", "run", "--files", notebook]);
        Assert.Equal(1, exit);
        Assert.Contains("notebooks export", System.Text.RegularExpressions.Regex.Replace(stdout + stderr, @"\s+", " "));
        var check = ChildProcess.Run("dotnet", [Repo.Cli, "notebooks", "export", "--check"]);
        Assert.True(check.Exit == 0, check.Stdout + check.Stderr); // the committed files are current (the test above says which is not)
    }

    [Fact]
    public void A_trailing_expression_is_displayed_and_a_statement_is_not()
    {
        var declared = new HashSet<string>();
        Assert.Equal("var x = 1;\ndisplay(x + 1); // the kernel shows it",
            CellTranslator.Translate("var x = 1;\nx + 1 // the kernel shows it\n", declared, "cell").Statements);
        Assert.Equal("Console.WriteLine(x);", CellTranslator.Translate("Console.WriteLine(x);", declared, "cell").Statements);
        // A multi-line expression, with a string that holds what looks like code.
        Assert.Equal("display(x > 0\n    ? \"a; b }\"\n    : $\"{x}\");",
            CellTranslator.Translate("x > 0\n    ? \"a; b }\"\n    : $\"{x}\"", declared, "cell").Statements);
    }

    [Fact]
    public void Usings_go_to_the_top_types_to_the_end_and_a_redeclared_variable_is_assigned()
    {
        var declared = new HashSet<string>();
        var first = CellTranslator.Translate("#r \"nuget: TorchSharp, 0.107.0\"\nusing System.Text; using static System.Math;\nvar total = 1;", declared, "cell 1");
        Assert.Equal(["using System.Text;", "using static System.Math;"], first.Usings);
        Assert.Equal("// #r \"nuget: TorchSharp, 0.107.0\"\nvar total = 1;", first.Statements);
        var second = CellTranslator.Translate("#!time\nvar total = new Layer().Size;\nclass Layer { public int Size => 2; }\ntotal", declared, "cell 2");
        Assert.Equal(["class Layer { public int Size => 2; }"], second.Types);
        Assert.Equal("// #!time\ntotal = new Layer().Size;\ndisplay(total);", second.Statements);
        // A method stays where it is: in a file's top-level statements it is a local function.
        Assert.Equal("double Half(double v) => v / 2;", CellTranslator.Translate("double Half(double v) => v / 2;", declared, "cell 3").Statements);
    }

    [Fact]
    public void A_cell_that_is_not_csharp_is_named_with_its_notebook_and_number()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CellTranslator.Translate("var x = (1;", new HashSet<string>(), "02-models.ipynb, code cell 4"));
        Assert.Contains("02-models.ipynb, code cell 4", e.Message);
    }

    [Fact]
    public void The_lesson_files_reference_the_library_and_the_notebooks_packages()
    {
        var lesson = File.ReadAllText(Path.Combine(Repo.Root, "notebooks", "03-cpu-vs-gpu.cs"));
        Assert.Contains("#:package TorchSharp@0.107.0\n", lesson);
        Assert.Contains("#:project ../lib/Workbook/Workbook.csproj\n", lesson);
        var solution = File.ReadAllText(Path.Combine(Repo.Root, "notebooks", "solutions", "03-cpu-vs-gpu-solutions.cs"));
        Assert.Contains("#:project ../../lib/Workbook/Workbook.csproj\n", solution);
        Assert.Contains("TerminalDisplay.Start(\"03-cpu-vs-gpu-solutions\");", solution);
    }
}

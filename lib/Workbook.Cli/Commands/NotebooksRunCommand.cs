using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Cli.Notebooks;
using Workbook.Data;
using Workbook.Reporting;

namespace Workbook.Cli.Commands;

public sealed class NotebooksRunSettings : CommandSettings
{
    [CommandArgument(0, "[NOTEBOOKS]")]
    [Description("Notebooks to run (default: every notebooks/*.ipynb in order, then their worked solutions in notebooks/solutions/).")]
    public string[] Notebooks { get; init; } = [];

    [CommandOption("--quick")]
    [Description("Small subsets (sets WORKBOOK_QUICK=1): all five notebooks in a few minutes.")]
    public bool Quick { get; init; }

    [CommandOption("--full")]
    [Description("The blog's full settings (sets WORKBOOK_QUICK=0). Without --quick or --full, each notebook's own Quick line decides.")]
    public bool Full { get; init; }

    public override ValidationResult Validate() =>
        Quick && Full ? ValidationResult.Error("--quick and --full contradict each other: choose one") : ValidationResult.Success();

    [CommandOption("--out <DIR>")]
    [Description("Where the executed notebooks (with outputs) go (default: artifacts/notebooks).")]
    public string? Out { get; init; }
}

/// <summary>`workbook notebooks run`: executes the notebooks headless, as Jupyter would, and stops at the first failing cell.</summary>
public sealed class NotebooksRunCommand(IAnsiConsole console) : AsyncCommand<NotebooksRunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, NotebooksRunSettings settings, CancellationToken cancellationToken)
    {
        var root = DataFolder.RepositoryRoot() ?? Directory.GetCurrentDirectory();
        var notebooks = settings.Notebooks.Length > 0
            ? settings.Notebooks.Select(Path.GetFullPath).ToList()
            : [.. Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(),
               .. Directory.GetFiles(Path.Combine(root, "notebooks", "solutions"), "*.ipynb").Order()];
        var missing = notebooks.FirstOrDefault(n => !File.Exists(n));
        if (missing is not null) throw new UsageException($"no such notebook: {missing}");
        if (notebooks.Select(Unreadable).FirstOrDefault(p => p is not null) is { } bad)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {bad}");
            return WorkbookApp.Failed;
        }
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(root, "artifacts", "notebooks"));
        if (settings.Quick || settings.Full) Environment.SetEnvironmentVariable(NotebookMode.Variable, settings.Quick ? "1" : "0");

        var table = new Table().AddColumns("notebook", "code cells", "seconds", "result");
        var failed = false;
        foreach (var notebook in notebooks)
        {
            console.MarkupLineInterpolated($"Running {Path.GetFileName(notebook)} ...");
            var progress = new Training.SyncProgress<string>(cell => console.MarkupLineInterpolated($"  [grey]{cell}[/]"));
            var run = await NotebookRunner.RunAsync(notebook, outDir, progress, cancellationToken);
            table.AddRow(Markup.Escape(Path.GetFileName(notebook)), run.CodeCells.ToString(), run.Seconds.ToString("F1"),
                run.Succeeded ? "[green]ok[/]" : Markup.Escape($"FAILED at cell {run.Failure!.Cell}"));
            if (!run.Succeeded)
            {
                failed = true;
                console.MarkupLineInterpolated($"[red]{Path.GetFileName(notebook)}: cell {run.Failure!.Cell} ({run.Failure.FirstLine}) failed:[/]\n{run.Failure.Error}");
                break;
            }
        }
        console.Write(table);
        console.MarkupLineInterpolated($"Executed notebooks (with outputs): {outDir}");
        return failed ? WorkbookApp.Failed : WorkbookApp.Ok;
    }

    /// <summary>A notebook that is not even JSON is named before any kernel starts (the kernel's own parser would throw).</summary>
    static string? Unreadable(string notebook)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(File.ReadAllText(notebook));
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"{notebook} is not a notebook: it is not valid JSON ({e.Message}).\nFix: restore it (git checkout -- {Path.GetFileName(notebook)} in notebooks/) or save it again from your editor.";
        }
    }
}

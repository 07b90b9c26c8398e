using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Cli.Notebooks;
using Workbook.Data;
using Workbook.Reporting;

namespace Workbook.Cli.Commands;

public sealed class NotebooksRenderSettings : CommandSettings
{
    [CommandOption("--full")]
    [Description("Run with the blog's full settings (WORKBOOK_QUICK=0); by default each notebook's own Quick line decides.")]
    public bool Full { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Where the readable copies go (default: docs/notebooks).")]
    public string? Out { get; init; }
}

/// <summary>
/// `workbook notebooks render`: runs the five notebooks and writes executed copies that GitHub shows without running
/// anything, charts as PNG images (drawn by headless Chromium) instead of plotly.js.
/// </summary>
public sealed class NotebooksRenderCommand(IAnsiConsole console) : AsyncCommand<NotebooksRenderSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, NotebooksRenderSettings settings, CancellationToken cancellationToken)
    {
        var root = DataFolder.RepositoryRoot() ?? throw new UsageException("run this inside the workbook's repository (no notebooks/ folder found)");
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(root, "docs", "notebooks"));
        if (settings.Full) Environment.SetEnvironmentVariable(NotebookMode.Variable, "0");
        var executed = Path.Combine(root, "artifacts", "notebooks-render");
        var table = new Table().AddColumns("notebook", "seconds", "pictures", "KiB");
        foreach (var notebook in Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order())
        {
            console.MarkupLineInterpolated($"Running {Path.GetFileName(notebook)} ...");
            var run = await NotebookRunner.RunAsync(notebook, executed, cancel: cancellationToken);
            if (!run.Succeeded)
            {
                console.MarkupLineInterpolated($"[red]{Path.GetFileName(notebook)}: cell {run.Failure!.Cell} ({run.Failure.FirstLine}) failed:[/]\n{run.Failure.Error}");
                return WorkbookApp.Failed;
            }
            var rendered = await NotebookRenderer.RenderAsync(run.ExecutedCopy!, Path.Combine(outDir, Path.GetFileName(notebook)), cancel: cancellationToken);
            table.AddRow(Path.GetFileName(notebook), run.Seconds.ToString("F0"), rendered.Pictures.ToString(), (rendered.Bytes / 1024).ToString());
        }
        console.Write(table);
        console.MarkupLineInterpolated($"Readable copies (charts as images): {outDir}");
        return WorkbookApp.Ok;
    }
}

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

    [CommandOption("--files")]
    [Description("Run each notebook's generated lesson file (dotnet run notebooks/NN-name.cs) instead of the notebook: no notebook kernel needed.")]
    public bool Files { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Where the executed notebooks (with outputs) go (default: artifacts/notebooks).")]
    public string? Out { get; init; }
}

/// <summary>
/// `workbook notebooks run`: executes the notebooks headless, as Jupyter would, and stops at the first failing cell. With
/// --files, or when the kernel is missing from the build (-p:WorkbookKernel=false) or fails, it runs the generated
/// lesson files with `dotnet run` instead.
/// </summary>
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
#if KERNEL
        if (!settings.Files)
        {
            try
            {
                return await RunInKernelAsync(notebooks, outDir, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The kernel itself failed to start or run (a cell's failure is a result, not an exception): the lessons
                // still run as files, which need only the SDK.
                console.MarkupLineInterpolated($"[yellow]The notebook kernel (Microsoft.DotNet.Interactive) failed: {e.GetType().Name}: {e.Message}[/]");
                console.MarkupLine("Running the generated lesson files instead (the same as [bold]notebooks run --files[/]).");
            }
        }
#endif
        return await RunAsFilesAsync(notebooks, root, cancellationToken);
    }

#if KERNEL
    async Task<int> RunInKernelAsync(IReadOnlyList<string> notebooks, string outDir, CancellationToken cancellationToken)
    {
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
#endif

    /// <summary>The path without the kernel: each notebook's lesson file, which must be up to date with its notebook.</summary>
    async Task<int> RunAsFilesAsync(IReadOnlyList<string> notebooks, string root, CancellationToken cancellationToken)
    {
        var stale = notebooks.Where(n => !File.Exists(LessonExport.TargetOf(n)) || File.ReadAllText(LessonExport.TargetOf(n)) != LessonExport.Generate(n, root)).ToList();
        if (stale.Count > 0)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the lesson files of {string.Join(", ", stale.Select(Path.GetFileName))} differ from their notebooks. Run: {LessonExport.Command}");
            return WorkbookApp.Failed;
        }
        var table = new Table().AddColumns("lesson file", "seconds", "result");
        var failed = false;
        foreach (var lesson in notebooks.Select(LessonExport.TargetOf))
        {
            console.MarkupLineInterpolated($"Running dotnet run {Path.GetRelativePath(root, lesson)} ...");
            var progress = new Training.SyncProgress<string>(line => console.MarkupLineInterpolated($"  [grey]{line}[/]"));
            var run = await FileLessonRunner.RunAsync(lesson, progress: progress, cancel: cancellationToken);
            table.AddRow(Markup.Escape(Path.GetFileName(lesson)), run.Seconds.ToString("F1"), run.Succeeded ? "[green]ok[/]" : Markup.Escape($"FAILED (exit {run.ExitCode})"));
            if (!run.Succeeded)
            {
                failed = true;
                console.MarkupLineInterpolated($"[red]{Path.GetFileName(lesson)} failed with exit code {run.ExitCode}; its output is above.[/]");
                break;
            }
        }
        console.Write(table);
        console.MarkupLineInterpolated($"Charts and pictures: {Path.Combine(root, "artifacts", "lessons")}");
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

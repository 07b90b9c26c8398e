using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Cli.Notebooks;
using Workbook.Data;

namespace Workbook.Cli.Commands;

public sealed class NotebooksExportSettings : CommandSettings
{
    [CommandOption("--check")]
    [Description("Write nothing; exit 1 and name each lesson file that differs from its notebook.")]
    public bool Check { get; init; }
}

/// <summary>
/// `workbook notebooks export`: writes each notebook's file-based app beside it (notebooks/NN-name.cs), the lessons
/// that run with `dotnet run` when no notebook kernel is at hand. Run it after editing any notebook.
/// </summary>
public sealed class NotebooksExportCommand(IAnsiConsole console) : Command<NotebooksExportSettings>
{
    public override int Execute(CommandContext context, NotebooksExportSettings settings, CancellationToken cancellationToken)
    {
        var root = DataFolder.RepositoryRoot() ?? throw new UsageException("run this inside the workbook's repository (no notebooks/ folder found)");
        var stale = new List<string>();
        var table = new Table().AddColumns("notebook", "lesson file", "state");
        foreach (var notebook in LessonExport.Notebooks(root))
        {
            var target = LessonExport.TargetOf(notebook);
            var text = LessonExport.Generate(notebook, root);
            var same = File.Exists(target) && File.ReadAllText(target) == text;
            if (!same && !settings.Check) File.WriteAllText(target, text);
            if (!same) stale.Add(Path.GetRelativePath(root, target));
            table.AddRow(Markup.Escape(Path.GetRelativePath(root, notebook)), Markup.Escape(Path.GetRelativePath(root, target)),
                same ? "up to date" : settings.Check ? "[red]differs[/]" : "[green]written[/]");
        }
        console.Write(table);
        if (!settings.Check) return WorkbookApp.Ok;
        if (stale.Count == 0) return WorkbookApp.Ok;
        console.MarkupLineInterpolated($"[red]{stale.Count} lesson file(s) differ from their notebooks:[/] {string.Join(", ", stale)}. Run: {LessonExport.Command}");
        return WorkbookApp.Failed;
    }
}

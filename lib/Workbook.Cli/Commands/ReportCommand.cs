using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Benchmarks;
using Workbook.Reporting;

namespace Workbook.Cli.Commands;

public sealed class ReportSettings : CommandSettings
{
    [CommandArgument(0, "<RESULTS_DIR>")]
    [Description("A folder written by reproduce or bench (holds results.json).")]
    public string Results { get; init; } = "";

    [CommandOption("--compare <DIR>")]
    [Description("Other saved runs to put side by side (repeatable), e.g. data/results/<machine>.")]
    public string[] Compare { get; init; } = [];

    [CommandOption("--out <FILE>")]
    [Description("Where to write the report (default: report.html, or report-compare.html with --compare, in RESULTS_DIR).")]
    public string? Out { get; init; }
}

/// <summary>`workbook report`: rebuilds the HTML report from saved results, one run or several side by side.</summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        string[] folders = [settings.Results, .. settings.Compare];
        var output = settings.Out ?? Path.Combine(settings.Results, settings.Compare.Length == 0 ? HtmlReport.FileName : "report-compare.html");
        try
        {
            var runs = HtmlReport.Load(folders);
            if (runs.Count > 1) console.Write(ResultTables.SideBySide(runs).ToSpectre());
            console.MarkupLineInterpolated($"Report: {HtmlReport.Write(Path.GetFullPath(output), runs)}");
            return WorkbookApp.Ok;
        }
        catch (ResultsException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return WorkbookApp.Failed;
        }
    }
}

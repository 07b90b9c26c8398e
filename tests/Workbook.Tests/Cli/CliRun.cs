using Spectre.Console;
using Workbook.Cli;

namespace Workbook.Tests.Cli;

/// <summary>Runs the `workbook` command in-process (fast) or as a child process (fresh native state, own environment).</summary>
public static class CliRun
{
    public static (int Exit, string Output) InProcess(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var exit = WorkbookApp.Run(args, console);
        return (exit, writer.ToString());
    }

    public static (int Exit, string Output) Process(IDictionary<string, string?> environment, params string[] args)
    {
        var (exit, stdout, stderr) = ChildProcess.Run("dotnet", [Repo.Cli, .. args], new Dictionary<string, string?>(environment) { ["COLUMNS"] = "200" });
        // Spectre wraps at 80 columns when redirected: compare text with the wrapping undone.
        return (exit, System.Text.RegularExpressions.Regex.Replace(stdout + stderr, @"\s+", " "));
    }
}

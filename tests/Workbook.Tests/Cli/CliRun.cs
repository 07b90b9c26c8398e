using System.Diagnostics;
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
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Repo.Cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["COLUMNS"] = "200";
        using var p = System.Diagnostics.Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"workbook {string.Join(' ', args)}"); }
        // Spectre wraps at 80 columns when redirected: compare text with the wrapping undone.
        return (p.ExitCode, System.Text.RegularExpressions.Regex.Replace(stdout.Result + stderr.Result, @"\s+", " "));
    }
}

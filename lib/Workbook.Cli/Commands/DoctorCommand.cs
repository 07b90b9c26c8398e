using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Data;
using Workbook.Runtime;

namespace Workbook.Cli.Commands;

public sealed class DoctorSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Folder holding the MNIST files (default: data/mnist of the repository, or WORKBOOK_DATA).")]
    public string? Data { get; init; }
}

/// <summary>Prints the runtime report and the data status; exit 0 only when everything needed for the blog's experiment is there.</summary>
public sealed class DoctorCommand(IAnsiConsole console) : Command<DoctorSettings>
{
    public override int Execute(CommandContext context, DoctorSettings settings, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        RuntimeReport? runtime = null;
        try
        {
            runtime = TorchRuntime.Initialize();
        }
        catch (TorchRuntimeException e)
        {
            problems.Add(e.Message);
        }
        console.Write(RuntimeTable(runtime));

        var dir = DataFolder.Mnist(settings.Data);
        var data = new Table().Title("MNIST").AddColumns("file", "found", "items", "SHA-256");
        try
        {
            foreach (var f in Mnist.ReadAll(dir))
                data.AddRow(f.File.Name, Markup.Escape(f.Path), f.Count.ToString("N0"), "[green]verified[/]");
        }
        catch (MnistDataException e)
        {
            data.AddRow("[red]error[/]", Markup.Escape(e.File), "", Markup.Escape(e.Problem));
            problems.Add(e.Message);
        }
        console.Write(data);

        if (problems.Count == 0)
        {
            console.MarkupLine("[green]All good:[/] TorchSharp runs and MNIST is verified (60,000 train, 10,000 test).");
            return WorkbookApp.Ok;
        }
        foreach (var p in problems) console.MarkupLineInterpolated($"[red]problem:[/] {p}");
        return WorkbookApp.Failed;
    }

    static Table RuntimeTable(RuntimeReport? r)
    {
        var t = new Table().Title("TorchSharp runtime").AddColumns("item", "value");
        if (r is null)
        {
            t.AddRow("status", "[red]natives did not load[/]");
            return t;
        }
        t.AddRow("TorchSharp", r.TorchSharpVersion);
        t.AddRow("libtorch", $"{r.LibTorchVersion} ({r.Backend}, from {Markup.Escape(r.LibTorchSource)})");
        foreach (var lib in r.Loaded) t.AddRow($"loaded {lib.Name}", Markup.Escape(lib.Path));
        t.AddRow("compatibility fix", r.CompatibilityFixApplied ? "[yellow]applied[/] (GLIBCXX_3.4.32 marked weak)" : "not needed");
        t.AddRow("system libstdc++", Markup.Escape($"{r.NewestGlibcxx ?? "unknown"} ({r.LibStdCxxPath ?? "not found"})"));
        t.AddRow("native init", $"{r.InitSeconds:F2} s");
        foreach (var n in r.Notes) t.AddRow("note", Markup.Escape(n));
        return t;
    }
}

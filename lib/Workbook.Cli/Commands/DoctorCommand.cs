using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Data;
using Workbook.Devices;
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
        if (runtime is not null) problems.AddRange(WriteDevices());

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
            console.MarkupLine("[green]All good:[/] TorchSharp runs, every device found is usable, and MNIST is verified (60,000 train, 10,000 test).");
            return WorkbookApp.Ok;
        }
        foreach (var p in problems) console.MarkupLineInterpolated($"[red]problem:[/] {p}");
        return WorkbookApp.Failed;
    }

    /// <summary>The hardware and the usable check: a GPU that is absent is explained, not a failure; an unusable one is.</summary>
    IEnumerable<string> WriteDevices()
    {
        var d = DeviceReport.Detect();
        var table = new Table().Title("Devices: available is not usable").AddColumns("device", "what", "usable", "check");
        table.AddRow("cpu", Markup.Escape($"{d.Cpu.Model}, {d.Cpu.PhysicalCores} cores / {d.Cpu.LogicalCores} threads, torch uses {d.Cpu.TorchThreads}; {string.Join(" ", d.Cpu.IsaFlags)}"),
            Usable(d.Checks.FirstOrDefault(c => c.Device == "cpu")), Check(d.Checks.FirstOrDefault(c => c.Device == "cpu")));
        foreach (var g in d.Gpus)
        {
            var check = d.Checks.FirstOrDefault(c => c.Device == $"cuda:{g.Index}");
            table.AddRow($"cuda:{g.Index}", Markup.Escape($"{g.Name}, {g.MemoryGiB} GiB, cc {g.ComputeCapability}, driver {g.DriverVersion}, CUDA {g.CudaVersion}, cuDNN {(d.CudnnAvailable ? "yes" : "no")}"),
                Usable(check), Check(check));
        }
        if (d.GpuAbsence is not null) table.AddRow("GPU", Markup.Escape(d.GpuAbsence), "[grey]no[/]", "");
        console.Write(table);
        return d.Checks.Where(c => !c.Usable).Select(c => $"{c.Device} is not usable: {c.Reason}");
    }

    static string Usable(UsableCheck? c) => c is null ? "[grey]not checked[/]" : c.Usable ? "[green]yes[/]" : "[red]no[/]";

    static string Check(UsableCheck? c) => c is null ? ""
        : Markup.Escape(c.Usable ? $"conv2d + matmul agree with the CPU (max rel. error {c.MaxRelativeError:G2} ≤ {UsableCheck.Tolerance:G2}); copy {c.HostToDeviceGBps} GB/s" : c.Reason ?? "");

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
        t.AddRow("glue", Markup.Escape(r.Glue));
        foreach (var lib in r.Loaded) t.AddRow($"loaded {lib.Name}", Markup.Escape(lib.Path));
        t.AddRow("compatibility fix", r.CompatibilityFixApplied ? "[yellow]applied[/] (GLIBCXX_3.4.32 marked weak)" : "not needed");
        t.AddRow("system libstdc++", Markup.Escape($"{r.NewestGlibcxx ?? "unknown"} ({r.LibStdCxxPath ?? "not found"})"));
        t.AddRow("native init", $"{r.InitSeconds:F2} s");
        foreach (var n in r.Notes) t.AddRow("note", Markup.Escape(n));
        return t;
    }
}

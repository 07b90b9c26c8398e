using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Reporting;
using Workbook.Runtime;

namespace Workbook.Cli.Commands;

public sealed class DoctorSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Folder holding the MNIST files (default: data/mnist of the repository, or WORKBOOK_DATA).")]
    public string? Data { get; init; }

    [CommandOption("--kernels")]
    [Description("Also measure the kernel table: common convolutions and a matmul, NCHW and channels-last, 1 and all threads, against float64 (a few seconds).")]
    public bool Kernels { get; init; }
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
        WriteDependencies(runtime);
        if (runtime is not null) problems.AddRange(WriteDevices(settings.Kernels));

        try
        {
            var files = Mnist.ReadAll(DataFolder.Mnist(settings.Data)).Select(MnistFileStatus.Of).ToList();
            console.Write(CellTable.From(Tables.Files(files), "MNIST").ToSpectre());
        }
        catch (MnistDataException e)
        {
            problems.Add(e.Message);
        }

        if (problems.Count == 0)
        {
            console.MarkupLine("[green]All good:[/] TorchSharp runs, every device found runs, every model computes correctly on it, and MNIST is verified (60,000 train, 10,000 test).");
            return WorkbookApp.Ok;
        }
        foreach (var p in problems) console.MarkupLineInterpolated($"[red]problem:[/] {p}");
        return WorkbookApp.Failed;
    }

    /// <summary>
    /// The blog's missing-DLL hunt, done from the import tables: every library TorchSharp's natives need and where the loader
    /// finds it. When the natives did not load, each dependency is also loaded, leaves first, to find the one that refuses.
    /// </summary>
    void WriteDependencies(RuntimeReport? runtime)
    {
        console.MarkupLine("[bold]Native dependencies of TorchSharp[/] (from the import tables; each found where this system's loader looks):");
        try
        {
            var tree = TorchNatives.Tree(runtime);
            if (runtime is null) tree = tree.CheckByLoading();
            foreach (var line in tree.Render()) console.WriteLine(line);
            if (runtime is not null)
                foreach (var p in tree.Problems) console.MarkupLineInterpolated($"[grey]as shipped (the runtime has handled it):[/] {p.What}");
        }
        catch (Exception e) when (e is TorchRuntimeException or InvalidDataException or IOException)
        {
            console.MarkupLineInterpolated($"[red]cannot walk the natives:[/] {e.Message}");
        }
    }

    /// <summary>The hardware and the usable check: a GPU that is absent is explained, not a failure; an unusable one is.</summary>
    List<string> WriteDevices(bool kernels)
    {
        var d = DeviceReport.Detect();
        console.Write(CellTable.From(Tables.Devices(d), "Devices").ToSpectre());
        console.Write(CellTable.From(Tables.UsableChecks(d), "Available is not usable: each device runs a convolution, its backward and a matmul").ToSpectre());
        var problems = d.Checks.Where(c => !c.Usable).Select(c => $"{c.Device} does not run kernels: {c.Reason}").ToList();

        var verdicts = WorkloadGate.ForDevices(d);
        console.Write(CellTable.From(Tables.Verdicts(verdicts), "Correct numbers or none: each model's training step, float32 against float64 on the CPU").ToSpectre());
        problems.AddRange(verdicts.Where(v => v.Refusal is not null).Select(v => $"{v.Model} on {v.Device}: {v.Refusal}"));

        if (kernels)
        {
            var rows = KernelTable.Cpu();
            console.Write(CellTable.From(Tables.Kernels(rows), "Kernels on this CPU, relative error against float64 (a diagnostic; the verdicts above decide)",
                "y: the output; dx, dW: the input and weight gradients; NHWC: channels-last").ToSpectre());
            console.MarkupLineInterpolated($"Kernels: {KernelTable.Summary(rows)}");
        }
        return problems;
    }

    static Table RuntimeTable(RuntimeReport? r) => CellTable.From(r is null ? Tables.KeyValues([("status", "natives did not load")]) : Tables.Runtime(r), "TorchSharp runtime").ToSpectre();
}

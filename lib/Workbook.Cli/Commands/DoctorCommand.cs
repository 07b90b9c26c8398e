using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Models;
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
        var table = new Table().Title("Devices: available is not usable").AddColumns("device", "what", "usable", "check");
        table.AddRow(DeviceNames.Cpu, Markup.Escape($"{d.Cpu.Model}, {d.Cpu.PhysicalCores} cores / {d.Cpu.LogicalCores} threads, torch uses {d.Cpu.TorchThreads}; {string.Join(" ", d.Cpu.IsaFlags)}"),
            Usable(d.Checks.FirstOrDefault(c => DeviceNames.IsCpu(c.Device))), Check(d.Checks.FirstOrDefault(c => DeviceNames.IsCpu(c.Device))));
        foreach (var g in d.Gpus)
        {
            var check = d.Checks.FirstOrDefault(c => c.Device == DeviceNames.Gpu(g.Index));
            table.AddRow(DeviceNames.Gpu(g.Index), Markup.Escape($"{g.Name}, {g.MemoryGiB} GiB, cc {g.ComputeCapability}, driver {g.DriverVersion}, CUDA {g.CudaVersion}, cuDNN {(d.CudnnAvailable ? "yes" : "no")}"),
                Usable(check), Check(check));
        }
        if (d.GpuAbsence is not null) table.AddRow("GPU", Markup.Escape(d.GpuAbsence), "[grey]no[/]", "");
        console.Write(table);
        var problems = d.Checks.Where(c => !c.Usable).Select(c => $"{c.Device} does not run kernels: {c.Reason}").ToList();

        var verdicts = new Table().Title("Correct numbers or none: each model's training step, float32 against float64 on the CPU")
            .AddColumns("device", "model", "verdict", "worst output or gradient");
        foreach (var device in d.UsableDevices)
            foreach (var model in ModelKeys.All)
            {
                var gate = WorkloadGate.Decide(model, () => ModelZoo.CreateTimed(model, TorchSharp.torch.device(device)), TorchSharp.torch.device(device));
                var p = gate.Plain;
                verdicts.AddRow(device, model,
                    gate.Usable ? gate.Workaround == Workaround.None ? "[green]correct[/]" : $"[yellow]correct with {gate.Workaround.Describe()}[/]" : "[red]wrong: not timed[/]",
                    Markup.Escape($"{p.Culprit ?? p.Worst}: {p.MaxRelativeError:G2} (tolerance {p.Tolerance:G2}, {p.Threads})"));
                if (gate.Refusal is { } refusal) problems.Add($"{model} on {device}: {refusal}");
                else if (gate.Note is { } note) console.MarkupLineInterpolated($"[yellow]{model} on {device}:[/] {note}");
            }
        console.Write(verdicts);

        if (kernels)
        {
            var rows = KernelTable.Cpu();
            var k = new Table().Title("Kernels on this CPU, relative error against float64 (a diagnostic; the verdicts above decide)")
                .AddColumn(new TableColumn("kernel").NoWrap()).AddColumns("fmt", "thr", "y", "dx", "dW", "verdict")
                .Caption("fmt: NCHW or NHWC (channels-last); thr: torch threads; y: forward; dx, dW: the input and weight gradients");
            foreach (var r in rows)
                k.AddRow(Markup.Escape(r.Operation.Replace("conv ", "").Replace(" → ", "→").Replace(" · ", "·").Replace(", pad ", " p")),
                    r.Layout == "channels-last" ? "NHWC" : r.Layout, r.Threads.ToString(), E(r.Forward), E(r.InputGradient), E(r.WeightGradient),
                    r.Wrong ? $"[red]WRONG{(r.Varies ? ", varies" : "")}[/]" : r.Varies ? "ok, bits vary" : "[green]ok[/]");
            console.Write(k);
            console.MarkupLineInterpolated($"Kernels: {KernelTable.Summary(rows)}");
        }
        return problems;
    }

    static string E(double error) => double.IsPositiveInfinity(error) ? "NaN" : error.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture);

    static string Usable(UsableCheck? c) => c is null ? "[grey]not checked[/]" : c.Usable ? "[green]yes[/]" : "[red]no[/]";

    static string Check(UsableCheck? c) => c is null ? ""
        : Markup.Escape(c.Usable ? $"runs conv2d and matmul; copy {c.HostToDeviceGBps} GB/s" : c.Reason ?? "");

    static Table RuntimeTable(RuntimeReport? r)
    {
        var t = new Table().Title("TorchSharp runtime").AddColumns("item", "value");
        if (r is null)
        {
            t.AddRow("status", "[red]natives did not load[/]");
            return t;
        }
        foreach (var (key, value) in Tables.RuntimeItems(r)) t.AddRow(Markup.Escape(key), Markup.Escape(value));
        return t;
    }
}

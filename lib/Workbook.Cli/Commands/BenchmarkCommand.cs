using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Benchmarks;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Reporting;
using Workbook.Runtime;
using Workbook.Training;

namespace Workbook.Cli.Commands;

/// <summary>`workbook reproduce` and `workbook bench`: run a plan with progress bars, save rows as they finish, print the table and the blog's claims.</summary>
public sealed class BenchmarkCommand(IAnsiConsole console) : Command<BenchmarkSettings>
{
    public override int Execute(CommandContext context, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var plan = settings.ToPlan();
        var outDir = settings.Out ?? Path.Combine(DataFolder.RepositoryRoot() ?? Directory.GetCurrentDirectory(), "artifacts", "results", DateTime.Now.ToString("yyyyMMdd-HHmmss"));

        Mnist mnist;
        DeviceReport devices;
        IReadOnlyList<NamedRun> others;
        try
        {
            // The runs to compare with are read first: a bad folder should cost a second, not the whole benchmark.
            others = HtmlReport.Load(settings.Compare);
            TorchRuntime.Initialize();
            // After the runtime: any torch call before it loads TorchSharp's own way, which fails where libtorch needs
            // a newer libstdc++ than the system's (Debian 12), and then names the wrong fix.
            if (settings.Threads is { } threads) TorchSharp.torch.set_num_threads(threads);
            devices = DeviceReport.Detect();
            mnist = Mnist.Load(settings.Data);
        }
        catch (Exception e) when (e is TorchRuntimeException or MnistDataException or ResultsException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return WorkbookApp.Failed;
        }

        using var _ = mnist;
        // A precision the hardware does not have is refused before anything runs, with the reason: never a slow emulation.
        var refused = plan.Devices.Where(d => DeviceNames.IsCpu(d) || devices.CudaAvailable)
            .Select(d => devices.WhyNot(plan.Precision, d)).OfType<string>().Distinct().ToList();
        if (refused.Count > 0)
        {
            foreach (var why in refused) console.MarkupLineInterpolated($"[red]error:[/] --precision {plan.Precision.Name()}: {why}");
            return WorkbookApp.Usage;
        }
        var store = new ResultsStore(outDir, EnvironmentFingerprint.Capture(devices));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        console.MarkupLineInterpolated($"Training on {plan.TrainLimit?.ToString("N0") ?? "60,000"} images, batch {string.Join("/", plan.BatchSizes)}, {plan.EpochCounts[0]} epoch(s), {plan.Precision.Name()}; devices: {string.Join(", ", devices.UsableDevices)}{(devices.GpuAbsence is null ? "" : $" (GPU: {devices.GpuAbsence})")}");
        try
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var tasks = new Dictionary<int, ProgressTask>();
                    var progress = new SyncProgress<BenchmarkProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Row, out var task))
                            tasks[p.Row] = task = ctx.AddTask($"{p.Entry.Model} on {p.Entry.Device}, batch {p.Entry.BatchSize}, {p.Entry.Placement}".ToLowerInvariant());
                        task.Description = Markup.Escape($"[{p.Row}/{p.Rows}] {p.Entry.Model} on {p.Entry.Device} b{p.Entry.BatchSize} {p.Entry.Placement.ToString().ToLowerInvariant()}: {p.Train.Phase}");
                        task.MaxValue = p.Train.TotalSteps;
                        task.Value = p.Train.Step;
                    });
                    BenchmarkRunner.Run(plan, mnist, devices, store, progress, cancel.Token);
                    foreach (var t in tasks.Values) t.StopTask();
                });
        }
        catch (OperationCanceledException)
        {
            console.MarkupLineInterpolated($"[yellow]Interrupted.[/] {store.Rows.Count} finished row(s) are kept in {store.Directory}");
            if (store.Rows.Count > 0) WriteReports(store, others);
            return WorkbookApp.Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        console.Write(ResultTables.Summary(store.Rows).ToSpectre());
        foreach (var claim in BlogClaims.Evaluate(store.Rows, devices.GpuAbsence))
        {
            var mark = claim.Held switch { true => "[green]held[/]", false => "[red]did not hold[/]", null => "[grey]untested[/]" };
            console.MarkupLine($"{mark} {Markup.Escape(claim.Claim)}\n      {Markup.Escape(claim.Verdict)}");
        }
        console.MarkupLineInterpolated($"Results: {Path.Combine(store.Directory, ResultsStore.CsvFile)} and {ResultsStore.JsonFile}");
        WriteReports(store, others);
        if (!store.Rows.Any(r => r.Measured))
        {
            console.MarkupLine("[red]Nothing was measured:[/] every row was skipped or failed (the reasons are above). The files keep the reasons; " +
                               "fix the first one and rerun ('workbook doctor' checks the devices and models).");
            return WorkbookApp.Failed;
        }
        return WorkbookApp.Ok;
    }

    /// <summary>report.html beside the results, and with --compare a side-by-side report and table.</summary>
    void WriteReports(ResultsStore store, IReadOnlyList<NamedRun> others)
    {
        var run = new NamedRun("this run", new RunResults(store.Environment, store.Rows));
        console.MarkupLineInterpolated($"Report: {HtmlReport.Write(Path.Combine(store.Directory, HtmlReport.FileName), [run])}");
        if (others.Count == 0) return;
        console.Write(ResultTables.SideBySide([run, .. others]).ToSpectre());
        console.MarkupLineInterpolated($"Side by side: {HtmlReport.Write(Path.Combine(store.Directory, "report-compare.html"), [run, .. others])}");
    }
}

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
        if (settings.Threads is { } threads) TorchSharp.torch.set_num_threads(threads);
        var outDir = settings.Out ?? Path.Combine(DataFolder.RepositoryRoot() ?? Directory.GetCurrentDirectory(), "artifacts", "results", DateTime.Now.ToString("yyyyMMdd-HHmmss"));

        Mnist mnist;
        DeviceReport devices;
        IReadOnlyList<NamedRun> others;
        try
        {
            // The runs to compare with are read first: a bad folder should cost a second, not the whole benchmark.
            others = HtmlReport.Load(settings.Compare);
            TorchRuntime.Initialize();
            devices = DeviceReport.Detect();
            mnist = Mnist.Load(settings.Data);
        }
        catch (Exception e) when (e is TorchRuntimeException or MnistDataException or ResultsException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return WorkbookApp.Failed;
        }

        using var _ = mnist;
        var store = new ResultsStore(outDir, EnvironmentFingerprint.Capture(devices));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        console.MarkupLineInterpolated($"Training on {plan.TrainLimit?.ToString("N0") ?? "60,000"} images, batch {string.Join("/", plan.BatchSizes)}, {plan.EpochCounts[0]} epoch(s); devices: {string.Join(", ", devices.UsableDevices)}{(devices.GpuAbsence is null ? "" : $" (GPU: {devices.GpuAbsence})")}");
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

        console.Write(ResultTable(store.Rows));
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
        console.Write(CompareTable([run, .. others]));
        console.MarkupLineInterpolated($"Side by side: {HtmlReport.Write(Path.Combine(store.Directory, "report-compare.html"), [run, .. others])}");
    }

    internal static Table CompareTable(IReadOnlyList<NamedRun> runs)
    {
        var table = new Table().Title("Side by side: epoch seconds (images/s)").AddColumn("model");
        var columns = runs.SelectMany(r => r.Results.Rows.Where(x => x.Measured).Select(x => (r.Name, x.Device, x.Placement))).Distinct().ToList();
        foreach (var (name, device, placement) in columns) table.AddColumn(Markup.Escape($"{name}: {device}{(placement == Placement.Resident ? "" : $" {placement.ToString().ToLowerInvariant()}")}"));
        foreach (var model in runs.SelectMany(r => r.Results.Rows.Select(x => x.Model)).Distinct())
            table.AddRow([model, .. columns.Select(c => runs.First(r => r.Name == c.Name).Results.Rows
                .FirstOrDefault(x => x.Model == model && x.Device == c.Device && x.Placement == c.Placement && x.Measured) is { } x
                    ? $"{x.EpochSeconds:F2} ({x.SamplesPerSecond:F0})" : "-")]);
        return table;
    }

    static Table ResultTable(IReadOnlyList<ResultRow> rows)
    {
        // Columns that are the same on every row go into the title, so the table fits an 80-column terminal.
        var batches = rows.Select(r => r.BatchSize).Distinct().ToList();
        var placements = rows.Select(r => r.Placement.ToString().ToLowerInvariant()).Distinct().ToList();
        var table = new Table().Title($"CPU vs GPU: batch {string.Join("/", batches)}, {rows[0].Epochs} epoch(s), {string.Join("/", placements)} data");
        table.AddColumns("model", "device");
        if (batches.Count > 1) table.AddColumn("batch");
        if (placements.Count > 1) table.AddColumn("placement");
        // "epoch s" is per epoch; with more than one epoch the time of all of them gets its own column.
        var manyEpochs = rows.Any(r => r.Epochs > 1);
        table.AddColumn("epoch s");
        if (manyEpochs) table.AddColumn("total s");
        table.AddColumns("step ms (IQR)", "images/s", "speedup", "test acc.", "GFLOP/s", "status");
        foreach (var r in rows)
        {
            var cells = new List<string> { r.Model, Markup.Escape(r.Device) };
            if (batches.Count > 1) cells.Add(r.BatchSize.ToString());
            if (placements.Count > 1) cells.Add(r.Placement.ToString().ToLowerInvariant());
            cells.Add(F(r.EpochSeconds, "F2"));
            if (manyEpochs) cells.Add(F(r.TotalSeconds, "F2"));
            cells.AddRange([Markup.Escape(StepText(r)), F(r.SamplesPerSecond, "F0"), F(r.Speedup, "F1", "x"), Markup.Escape(r.AccuracyText),
                F(r.GflopsPerSecond, "F1"), Markup.Escape(r.Status.Label)]);
            table.AddRow([.. cells]);
        }
        var notes = rows.Where(r => r.Status.Kind != StatusKind.Ok || r.Message is not null).Select(r => $"{r.Model} on {r.Device}: {r.Status}{(r.Message is null ? "" : $" ({r.Message})")}").Distinct();
        table.Caption(Markup.Escape(string.Join("\n", notes)));
        return table;
    }

    /// <summary>"84.1 (82.0-86.3)": the median step and its interquartile range, in milliseconds.</summary>
    internal static string StepText(ResultRow r) => r.StepMs is { } s ? $"{s.Median:F1} ({s.Low:F1}-{s.High:F1})" : "-";

    static string F(double? value, string format, string suffix = "") => value is { } v ? v.ToString(format) + suffix : "-";
}

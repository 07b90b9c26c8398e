using Microsoft.Data.Analysis;
using Workbook.Benchmarks;
using Workbook.Benchmarks.Envelope;
using Workbook.Benchmarks.Perf;
using Workbook.Data;
using Workbook.Models;
using Workbook.Reporting;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Cli.Commands;

/// <summary>
/// `workbook perf envelope`: each model's counted step, this CPU's measured step against its FMA peak, and the predicted
/// step, epoch and speedup on each GPU of the spec table, with the sentences computed from them and the sources.
/// </summary>
public static class PerfEnvelope
{
    public static void Write(TextWriter output, IReadOnlyList<string> models, PerfSettings s, MnistSplit train)
    {
        var threads = get_num_threads();
        // Three rounds: the peak is each thread's best round, and on a shared 2-vCPU machine 3 were within 1% of 7.
        var peak = FmaPeak.Peak(threads, rounds: 3);
        var references = ReferenceResults.Load(Path.Combine(DataFolder.RepositoryRoot() ?? Directory.GetCurrentDirectory(), "data", "results"));
        var launch = LaunchCost.Cited;
        var rows = new List<EnvelopeRow>();
        foreach (var key in models)
        {
            random.manual_seed(0);
            using var model = ModelZoo.Create(key); // counted as a GPU would run it: no speed-up was measured there
            var count = StepCount.Count(model, key, s.BatchSize);
            using var timed = ModelZoo.CreateTimed(key, CPU); // timed as the CPU rows are
            var r = Trainer.Train(timed, train, null, CPU, s.TimedSteps()).Last;
            var cpu = MeasuredStep.FromSteps(r.StepSeconds!, $"this CPU, {threads} threads");
            rows.Add(EnvelopeRow.Build(count, cpu, peak, GpuSpecs.All, launch, EnvelopeRow.GpuRunsFor(key, s.BatchSize, [], references)));
        }
        output.WriteLine($"FMA peak: {(peak is null ? "n/a (no FMA)" : $"{peak.GflopsPerSecond:F1} GFLOP/s at {peak.VectorBits} bits on {threads} threads")}");
        output.WriteLine();
        Print(output, EnvelopeTables.Counts(rows));
        Print(output, EnvelopeTables.Predictions(rows));
        foreach (var (key, value) in EnvelopeFindings.Describe(rows)) output.WriteLine($"- {key}: {value}");
        output.WriteLine();
        Print(output, EnvelopeTables.Sources(GpuSpecs.All, launch));
    }

    /// <summary>A DataFrame as aligned plain text (no wrapping: a script or a terminal of any width can read it).</summary>
    static void Print(TextWriter output, DataFrame frame)
    {
        var columns = frame.Columns.ToList();
        var cells = columns.Select(c => Enumerable.Range(0, (int)frame.Rows.Count).Select(i => Convert.ToString(c[i], System.Globalization.CultureInfo.InvariantCulture) ?? "").Prepend(c.Name).ToList()).ToList();
        var widths = cells.Select(c => c.Max(v => v.Length)).ToList();
        for (var row = 0; row <= frame.Rows.Count; row++)
        {
            output.WriteLine(string.Join(" | ", cells.Select((c, i) => i == cells.Count - 1 ? c[row] : c[row].PadRight(widths[i]))).TrimEnd());
            if (row == 0) output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        }
        output.WriteLine();
    }
}

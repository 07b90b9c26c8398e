using Workbook.Benchmarks;
using Workbook.Models;

namespace Workbook.Reporting;

/// <summary>The checks of notebook 04's exercises (when the GPU wins).</summary>
public static class GpuWinsExercises
{
    public const string None = "none";

    /// <summary>
    /// Exercise 1: the first model, in the envelope's order (smallest first), whose arithmetic at peak is half its
    /// measured step or more; "none" when no model gets there. A share the table shows rounded to 50.0 % counts either way.
    /// </summary>
    public static ExerciseVerdict FirstComputeBound(string? answer, IEnumerable<(string Model, double Arithmetic, double Measured)> envelope, string device)
    {
        var rows = envelope.Select(e => (e.Model, Share: e.Arithmetic / e.Measured)).ToList();
        string First(Func<double, bool> mostlyArithmetic) => rows.FirstOrDefault(r => mostlyArithmetic(r.Share)).Model ?? None;
        var exact = First(s => s >= 0.5);
        var asShown = First(s => Math.Round(100 * Math.Min(1, s), 1) >= 50);
        var given = rows.FirstOrDefault(r => Answers.Same(answer, r.Model));
        var right = Answers.Same(answer, exact) || Answers.Same(answer, asShown);
        var model = given.Model ?? exact;
        return Exercise.Check("Exercise 1", right,
            Answers.Same(answer, None) ? $"no model of the sweep spends half its measured step on arithmetic at peak on {device}: in every step the rest (fixed cost, and kernels running below peak) is the larger part."
                : $"{model} is the first model whose step is mostly arithmetic on {device}: from there on, a device with more FLOP/s pays off.",
            string.IsNullOrWhiteSpace(answer) ? "go down the envelope table's rows (smallest first) and stop at the first whose arithmetic share is 50 % or more; if no row gets there, the answer is \"none\"."
            : Answers.Same(answer, None) ? "one of the rows does reach an arithmetic share of 50 %."
            : given.Model is null ? $"\"{answer}\" is not a model of the envelope table: its rows are {string.Join(", ", rows.Select(r => r.Model))} (or \"none\")."
            : given.Share < 0.5 ? $"{given.Model}'s arithmetic share is {100 * given.Share:F0} %: less than half of its step."
            : $"{given.Model} is past 50 %, but a smaller model gets there first.");
    }

    /// <summary>Exercise 2 from the batch-size sweep's rows: the MLP's measured rows on <paramref name="device"/>.</summary>
    public static ExerciseVerdict SaturatingBatch(int answer, IEnumerable<ResultRow> batches, string device, string model = ModelKeys.Mlp) =>
        SaturatingBatch(answer, batches.Where(r => r.Model == model && r.Device == device && r.SamplesPerSecond is not null)
            .Select(r => (r.BatchSize, r.SamplesPerSecond!.Value)), device);

    /// <summary>
    /// Exercise 2: the smallest batch whose throughput reaches 90 % of the best. Read off a chart, a batch within 1 % of
    /// the 90 % line either side cannot be told apart, so every batch from the first at 89.1 % to the first at 90.9 % is right.
    /// </summary>
    public static ExerciseVerdict SaturatingBatch(int answer, IEnumerable<(int BatchSize, double SamplesPerSecond)> rows, string device)
    {
        var mlp = rows.OrderBy(r => r.BatchSize).ToList();
        if (mlp.Count == 0)
            return Exercise.Check("Exercise 2", false, "", $"the batch-size sweep measured no MLP rows on {device}: run its cell again.");
        var best = mlp.Max(r => r.SamplesPerSecond);
        var lowest = mlp.First(r => r.SamplesPerSecond >= 0.891 * best).BatchSize;
        var highest = mlp.First(r => r.SamplesPerSecond >= 0.909 * best).BatchSize;
        var given = mlp.FirstOrDefault(r => r.BatchSize == answer);
        var right = given.BatchSize == answer && answer >= lowest && answer <= highest;
        return Exercise.Check("Exercise 2", right,
            $"batch {answer}: {given.SamplesPerSecond:N0} images/s against the best {best:N0}. Smaller batches pay the fixed cost per step on fewer images.",
            answer == 0 ? $"in the MLP's rows for {device}, find the best images/s; then the smallest batch whose images/s is at least 90 % of it."
            : given.BatchSize != answer ? $"the sweep has no batch of {answer}: its batches are {string.Join(", ", mlp.Select(r => r.BatchSize))}."
            : answer < lowest ? $"batch {answer} reaches {100 * given.SamplesPerSecond / best:F0} % of the best: not yet 90 %."
            : $"batch {answer} is within 90 % of the best, but a smaller batch already is.");
    }
}

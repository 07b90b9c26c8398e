using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Analysis;

namespace Workbook.Benchmarks;

/// <summary>A run's results on disk: results.json (fingerprint + rows, the source of truth) and results.csv.</summary>
public sealed record RunResults(EnvironmentFingerprint Environment, IReadOnlyList<ResultRow> Rows);

/// <summary>
/// Writes every row the moment it is measured, atomically (write a temporary file, then rename), so an interrupted run
/// keeps each finished row and a reader never sees half a file.
/// </summary>
public sealed class ResultsStore(string directory, EnvironmentFingerprint environment)
{
    public const string JsonFile = "results.json";
    public const string CsvFile = "results.csv";

    readonly List<ResultRow> rows = [];

    public string Directory { get; } = Path.GetFullPath(directory);
    public IReadOnlyList<ResultRow> Rows => rows;
    public EnvironmentFingerprint Environment { get; } = environment;

    public void Append(ResultRow row)
    {
        rows.Add(row);
        var withSpeedups = Speedups.Apply(rows);
        rows.Clear();
        rows.AddRange(withSpeedups);
        Save();
    }

    void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.Write(Path.Combine(Directory, JsonFile), s => JsonSerializer.Serialize(s, new RunResults(Environment, rows), ResultsJson.Default.RunResults));
        AtomicFile.Write(Path.Combine(Directory, CsvFile), s => DataFrame.SaveCsv(ResultFrame.From(rows), s));
    }

    /// <summary>Reads a saved run. Errors name the file and what is wrong with it.</summary>
    public static RunResults Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new ResultsException(directory, "does not exist", "Pass the folder a 'workbook reproduce' or 'workbook bench' run wrote (it prints it at the end).");
        var path = Path.Combine(directory, JsonFile);
        if (!File.Exists(path))
            throw new ResultsException(path, "is missing: this folder holds no saved run", "Pass a folder that holds results.json and results.csv.");
        RunResults? results;
        try
        {
            using var stream = File.OpenRead(path);
            results = JsonSerializer.Deserialize(stream, ResultsJson.Default.RunResults);
        }
        catch (JsonException e)
        {
            throw new ResultsException(path, $"is not valid results JSON ({e.Message})", "Rerun the benchmark, or restore the file from where it was copied.");
        }
        if (results?.Environment is null || results.Rows is null)
            throw new ResultsException(path, "lacks the environment or rows section", "Rerun the benchmark, or restore the file from where it was copied.");
        if (results.Rows.Count == 0)
            throw new ResultsException(path, "holds no result rows (the run was stopped before its first row finished)", "Rerun the benchmark.");
        return results with { Rows = [.. results.Rows.Select(Upgrade)] };
    }

    /// <summary>
    /// Rows saved before <see cref="ResultRow.TotalSeconds"/> and <see cref="ResultRow.TrainingFlopsPerImage"/> existed
    /// (the committed reference runs among them). Their epochSeconds was the time of all epochs together: it becomes the
    /// total, and the per-epoch time is that over the epoch count. Their FLOPs per image follow exactly from what they did
    /// save, GFLOP/s x seconds per epoch / images per epoch; a row with no rate keeps them unknown.
    /// </summary>
    static ResultRow Upgrade(ResultRow row)
    {
        if (row.TotalSeconds is null && row.EpochSeconds is { } total && row.Epochs > 0)
            row = row with { TotalSeconds = total, EpochSeconds = total / row.Epochs };
        if (row.TrainingFlopsPerImage is null && row is { GflopsPerSecond: { } rate, EpochSeconds: { } perEpoch, TrainImages: > 0 })
            row = row with { TrainingFlopsPerImage = rate * 1e9 * perEpoch / row.TrainImages };
        return row;
    }
}

/// <summary>Source-generated JSON: no reflection, so it also works in the trimmed GPU bundle.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunResults))]
internal sealed partial class ResultsJson : JsonSerializerContext;

/// <summary>A saved results folder or file that cannot be used: which, why, and what to do.</summary>
public sealed class ResultsException(string path, string problem, string fix) : Exception($"{path}: {problem}.\nFix: {fix}")
{
    public string Path { get; } = path;
}

/// <summary>Writes through a temporary file in the same folder and renames it over the target: readers see old or new, never half.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var temp = $"{path}.{System.Environment.ProcessId}.tmp";
        using (var stream = File.Create(temp)) write(stream);
        File.Move(temp, path, overwrite: true);
    }
}

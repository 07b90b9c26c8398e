using System.Text.Json;

namespace Workbook.Benchmarks;

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
        AtomicFile.Write(Path.Combine(Directory, CsvFile), s => ResultsCsv.Write(rows, s));
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
        return results;
    }
}

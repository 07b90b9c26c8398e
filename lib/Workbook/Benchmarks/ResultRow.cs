namespace Workbook.Benchmarks;

/// <summary>One measured (or skipped) configuration: the unit every table, chart and report is built from.</summary>
public sealed record ResultRow
{
    public required string Model { get; init; }
    public required string ModelTitle { get; init; }
    public required string Device { get; init; }
    public required string DeviceName { get; init; }
    public required int BatchSize { get; init; }
    public required int Epochs { get; init; }
    public required string Placement { get; init; }
    public required int TrainImages { get; init; }
    public double? WarmupSeconds { get; init; }
    public double? EpochSeconds { get; init; }
    public double? SamplesPerSecond { get; init; }

    /// <summary>CPU epoch time over this row's, for the same model, batch size and placement; 1 for the CPU row.</summary>
    public double? Speedup { get; init; }

    public double? TestAccuracy { get; init; }
    public double? TrainLoss { get; init; }
    public required long Parameters { get; init; }
    public double? GflopsPerSecond { get; init; }

    /// <summary>ok, estimated from N batches, out-of-memory, skipped: reason, failed: reason.</summary>
    public required string Status { get; init; }

    public string? Message { get; init; }

    public bool Measured => EpochSeconds is not null;

    public static class Statuses
    {
        public const string Ok = "ok";
        public const string OutOfMemory = "out-of-memory";
        public static string Estimated(int batches) => $"estimated from {batches} batches";
        public static string Skipped(string reason) => $"skipped: {reason}";
        public static string Failed(string reason) => $"failed: {reason}";
    }
}

using System.Text.Json.Serialization;

namespace Workbook.Benchmarks;

/// <summary>
/// A row's status as data: the kind, the reason (skipped, failed) and the number of timed batches (estimated) kept apart,
/// so nothing has to parse a sentence. <see cref="ToString"/> is the sentence the CSV and the tables show.
/// </summary>
[JsonConverter(typeof(RowStatusJsonConverter))]
public sealed record RowStatus(StatusKind Kind, string? Reason = null, int? EstimatedFromBatches = null)
{
    public static RowStatus Ok { get; } = new(StatusKind.Ok);
    public static RowStatus OutOfMemory { get; } = new(StatusKind.OutOfMemory);
    public static RowStatus Estimated(int batches) => new(StatusKind.Estimated, EstimatedFromBatches: batches);
    public static RowStatus Skipped(string reason) => new(StatusKind.Skipped, reason);
    public static RowStatus Failed(string reason) => new(StatusKind.Failed, reason);

    /// <summary>One word: ok, estimated, out-of-memory, skipped, failed.</summary>
    public string Label => Labels[(int)Kind];

    /// <summary>ok, estimated from N batches, out-of-memory, skipped: reason, failed: reason.</summary>
    public override string ToString() => Kind switch
    {
        StatusKind.Estimated => EstimatedFromBatches is { } n ? $"estimated from {n} batches" : Label,
        StatusKind.Skipped or StatusKind.Failed when Reason is not null => $"{Label}: {Reason}",
        _ => Label,
    };

    static readonly string[] Labels = ["ok", "estimated", "out-of-memory", "skipped", "failed"];

    /// <summary>The kind from its label (the JSON form); null for a label no version of the workbook wrote.</summary>
    internal static StatusKind? KindOf(string label) => Array.IndexOf(Labels, label) is >= 0 and var i ? (StatusKind)i : null;

    internal static string KnownLabels => string.Join(", ", Labels);
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbook.Benchmarks;

/// <summary>What became of a configuration.</summary>
public enum StatusKind
{
    /// <summary>Every batch of every epoch ran and was timed.</summary>
    Ok,

    /// <summary>A few batches were timed and the epoch extrapolated (the CPU budget): a real rate, not a real epoch.</summary>
    Estimated,

    OutOfMemory,

    /// <summary>Not run: the device is absent or not usable.</summary>
    Skipped,

    /// <summary>The native code raised an error other than running out of memory.</summary>
    Failed,
}

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

    /// <summary>Reads the sentence form, as written by <see cref="ToString"/> and by the workbook before statuses were typed.</summary>
    public static RowStatus Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var head = (colon < 0 ? text : text[..colon]).Trim();
        var reason = colon < 0 ? null : text[(colon + 1)..].Trim();
        if (head.StartsWith("estimated", StringComparison.Ordinal))
        {
            // "estimated from 20 batches"
            var count = head.Split(' ').Select(w => int.TryParse(w, out var n) ? n : (int?)null).FirstOrDefault(n => n is not null);
            return new(StatusKind.Estimated, EstimatedFromBatches: count);
        }
        var index = Array.IndexOf(Labels, head);
        if (index < 0) throw new FormatException($"unknown status '{text}': expected one of {string.Join(", ", Labels)}");
        return new((StatusKind)index, reason);
    }

    /// <summary>The kind from its label (also the JSON form).</summary>
    internal static StatusKind KindOf(string label) =>
        Array.IndexOf(Labels, label) is >= 0 and var i ? (StatusKind)i : throw new FormatException($"unknown status kind '{label}': expected one of {string.Join(", ", Labels)}");
}

/// <summary>
/// JSON: {"kind": "skipped", "reason": "..."} or {"kind": "estimated", "batches": 20}. Also reads the plain sentence that
/// results.json held before statuses were typed ("skipped: no NVIDIA driver ...", "estimated from 20 batches"), so the
/// committed reference runs and older saved runs still load. Hand-written: no reflection, so it works in the trimmed bundle.
/// </summary>
public sealed class RowStatusJsonConverter : JsonConverter<RowStatus>
{
    public override RowStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            return Parse(() => RowStatus.Parse(text));
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a status is a string or an object");
        string? kind = null, reason = null;
        int? batches = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "kind": kind = reader.GetString(); break;
                case "reason": reason = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                case "batches": batches = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32(); break;
                default: reader.Skip(); break;
            }
        }
        if (kind is null) throw new JsonException("a status object needs a \"kind\"");
        return Parse(() => new RowStatus(RowStatus.KindOf(kind), reason, batches));
    }

    public override void Write(Utf8JsonWriter writer, RowStatus value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", value.Label);
        if (value.Reason is not null) writer.WriteString("reason", value.Reason);
        if (value.EstimatedFromBatches is { } n) writer.WriteNumber("batches", n);
        writer.WriteEndObject();
    }

    static RowStatus Parse(Func<RowStatus> parse)
    {
        try { return parse(); }
        catch (FormatException e) { throw new JsonException(e.Message, e); }
    }
}

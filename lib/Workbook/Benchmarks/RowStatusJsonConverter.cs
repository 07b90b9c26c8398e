using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbook.Benchmarks;

/// <summary>
/// JSON: {"kind": "skipped", "reason": "..."} or {"kind": "estimated", "batches": 20}. The sentence (<see cref="RowStatus.ToString"/>)
/// is only written, for people, never read back. Hand-written: no reflection, so it works in the trimmed bundle.
/// </summary>
public sealed class RowStatusJsonConverter : JsonConverter<RowStatus>
{
    public override RowStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a status is an object: {\"kind\": \"ok\"}");
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
        var known = RowStatus.KindOf(kind) ?? throw new JsonException($"unknown status kind '{kind}': expected one of {RowStatus.KnownLabels}");
        return new RowStatus(known, reason, batches);
    }

    public override void Write(Utf8JsonWriter writer, RowStatus value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", value.Label);
        if (value.Reason is not null) writer.WriteString("reason", value.Reason);
        if (value.EstimatedFromBatches is { } n) writer.WriteNumber("batches", n);
        writer.WriteEndObject();
    }
}

using System.Text.Json.Serialization;

namespace Workbook.Benchmarks;

/// <summary>Source-generated JSON: no reflection, so it also works in the trimmed GPU bundle.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunResults))]
internal sealed partial class ResultsJson : JsonSerializerContext;

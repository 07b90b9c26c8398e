namespace Workbook.Benchmarks;

/// <summary>A run's results on disk: results.json (fingerprint + rows, the source of truth) and results.csv.</summary>
public sealed record RunResults(EnvironmentFingerprint Environment, IReadOnlyList<ResultRow> Rows);

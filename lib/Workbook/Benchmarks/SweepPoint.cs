namespace Workbook.Benchmarks;

/// <summary>One point of a size sweep: a model variant of some size trained on a device.</summary>
public sealed record SweepPoint(string Series, string Model, double GflopPerImage, double? EpochSeconds);

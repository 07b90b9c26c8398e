namespace Workbook.Devices;

/// <summary>The names a precision has on the command line and in results.</summary>
public static class PrecisionNames
{
    public static readonly IReadOnlyList<(string Name, Precision Precision)> All =
        [("float32", Precision.Float32), ("float32-strict", Precision.Float32Strict), ("tf32", Precision.Tf32), ("bf16", Precision.Bf16)];

    public static string Name(this Precision p) => All.First(a => a.Precision == p).Name;

    /// <exception cref="ArgumentException">Names the choices.</exception>
    public static Precision Parse(string name) =>
        All.FirstOrDefault(a => a.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)) is { Name: not null } found ? found.Precision
        : throw new ArgumentException($"unknown precision '{name}'; choose from {string.Join(", ", All.Select(a => a.Name))}");
}

using Workbook.Devices;

namespace Workbook.Benchmarks;

/// <summary>Speedup = the CPU's epoch time over this row's, for the same model, batch size, epochs and placement.</summary>
public static class Speedups
{
    public static IReadOnlyList<ResultRow> Apply(IReadOnlyList<ResultRow> rows) =>
        [.. rows.Select(r => r with { Speedup = For(r, rows) })];

    static double? For(ResultRow row, IReadOnlyList<ResultRow> rows)
    {
        if (row.EpochSeconds is not { } seconds || seconds <= 0) return null;
        var cpu = rows.FirstOrDefault(c => DeviceNames.IsCpu(c.Device) && c.Model == row.Model && c.BatchSize == row.BatchSize
                                           && c.Epochs == row.Epochs && c.Placement == row.Placement && c.EpochSeconds is not null);
        return cpu?.EpochSeconds / seconds;
    }
}

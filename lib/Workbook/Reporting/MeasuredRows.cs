using Workbook.Benchmarks;
using Workbook.Devices;

namespace Workbook.Reporting;

/// <summary>
/// A notebook whose rows were all skipped has measured nothing, and its charts would be empty: the cell that ran the
/// plan stops there with the reasons, so a reader (and the test suite, which runs every notebook) sees it fail. The
/// same holds per device: the CPU, and every GPU the plan found running ("cuda:0", as opposed to the plain "cuda" of a
/// machine without one), must have measured at least one row, or the correctness gate refused everything on it.
/// </summary>
public static class MeasuredRows
{
    public static IReadOnlyList<ResultRow> Require(IReadOnlyList<ResultRow> rows, string what)
    {
        if (!rows.Any(r => r.Measured)) throw Nothing(what, rows, "nothing was measured", "the plan was empty");
        foreach (var device in rows.Where(r => r.Device != DeviceNames.Cuda).GroupBy(r => r.Device))
            if (!device.Any(r => r.Measured))
                throw Nothing(what, [.. device], $"nothing was measured on {device.Key}, a device that runs", "");
        return rows;
    }

    static InvalidOperationException Nothing(string what, IReadOnlyList<ResultRow> rows, string problem, string empty)
    {
        var reasons = rows.Select(r => r.Status.ToString()).Distinct().ToList();
        return new InvalidOperationException(
            $"{what}: {problem} ({rows.Count} rows, {(reasons.Count == 0 ? empty : string.Join("; ", reasons))}). " +
            "Fix: run notebook 00 (or 'workbook doctor') to see which device or model is refused and why, then rerun this notebook.");
    }
}

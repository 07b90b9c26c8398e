using Workbook.Benchmarks;

namespace Workbook.Reporting;

/// <summary>
/// A notebook whose every row was skipped has measured nothing, and its charts would be empty: the cell that ran the
/// plan stops there with the reasons, so a reader (and the test suite, which runs every notebook) sees it fail.
/// </summary>
public static class MeasuredRows
{
    public static IReadOnlyList<ResultRow> Require(IReadOnlyList<ResultRow> rows, string what)
    {
        if (rows.Any(r => r.Measured)) return rows;
        var reasons = rows.Select(r => r.Status).Distinct().ToList();
        throw new InvalidOperationException(
            $"{what}: nothing was measured ({rows.Count} rows, {(reasons.Count == 0 ? "the plan was empty" : string.Join("; ", reasons))}). " +
            "Fix: run notebook 00 to see why no device is usable (the CPU always should be), then rerun this notebook.");
    }
}

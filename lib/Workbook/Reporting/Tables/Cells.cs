using Workbook.Benchmarks;

namespace Workbook.Reporting;

/// <summary>How a number becomes a table cell, the same in the terminal and in report.html.</summary>
public static class Cells
{
    /// <summary>"41.44", "1.0x", or "-" where the row has no such number (a skipped configuration).</summary>
    public static string Number(double? value, string format, string suffix = "") => value is { } v ? v.ToString(format) + suffix : "-";

    /// <summary>"84.1 (82.0-86.3)": the median step and its interquartile range, in milliseconds.</summary>
    public static string Step(ResultRow r) => r.StepMs is { } s ? $"{s.Median:F1} ({s.Low:F1}-{s.High:F1})" : "-";
}

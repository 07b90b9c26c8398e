using System.Net;

namespace Workbook.Reporting.Terminal;

/// <summary>One chart or picture as a page that opens by double-click, offline: plotly.js embedded as the HTML report does.</summary>
public static class HtmlPage
{
    public static string Standalone(string title, string fragment) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>\n" +
        $"{(fragment.Contains("Plotly.newPlot", StringComparison.Ordinal) ? PlotlyJs.ScriptTag() : "")}\n</head><body>\n{fragment}\n</body></html>\n";
}

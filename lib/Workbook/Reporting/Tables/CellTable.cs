using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbook.Reporting;

/// <summary>A table as text cells: built here in Reporting, drawn by whoever shows it (the command line with Spectre.Console).</summary>
public sealed record CellTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string Caption = "")
{
    /// <summary>
    /// One of the notebooks' DataFrames as text cells, so the terminal shows the same table the page does: numbers of
    /// order one as they are, relative errors (1e-7 and below) in a short exponent form, true and false as yes and no.
    /// </summary>
    public static CellTable From(DataFrame frame, string title, string caption = "")
    {
        var header = frame.Columns.Select(c => c.Name).ToList();
        var rows = Enumerable.Range(0, (int)frame.Rows.Count)
            .Select(i => (IReadOnlyList<string>)[.. frame.Columns.Select(c => Cell(c[i]))]).ToList();
        return new(title, header, rows, caption);
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        bool b => b ? "yes" : "no",
        double d when double.IsNaN(d) || double.IsInfinity(d) => "NaN",
        double d when d != 0 && Math.Abs(d) < 1e-3 => d.ToString("0.0e0", CultureInfo.InvariantCulture),
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

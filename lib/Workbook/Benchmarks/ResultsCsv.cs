using System.Globalization;
using System.Text;

namespace Workbook.Benchmarks;

/// <summary>
/// results.csv: one line per row, the cells of <see cref="ResultColumns"/>, written the way Microsoft.Data.Analysis's
/// DataFrame.SaveCsv writes them (decimals in G31, an empty cell for null, a cell quoted when it holds a comma, a quote
/// or a line break) so the files stay as they were, but in the invariant culture: a machine whose decimal separator is a
/// comma still writes a CSV that reads back. The store writes it without building a table, which is Reporting's job.
/// </summary>
public static class ResultsCsv
{
    public static void Write(IEnumerable<ResultRow> rows, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        writer.WriteLine(string.Join(',', ResultColumns.All.Select(c => Cell(c.Name))));
        foreach (var row in rows)
            writer.WriteLine(string.Join(',', ResultColumns.All.Select(c => Cell(c.Value(row)))));
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("G31", CultureInfo.InvariantCulture),
        string s when s.AsSpan().IndexOfAny(',', '\n', '"') >= 0 => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

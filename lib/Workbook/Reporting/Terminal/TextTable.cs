using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Workbook.Reporting.Terminal;

/// <summary>
/// A DataFrame as a text table for a terminal: a header, a rule, one line per row. Long cells (the lessons' findings are
/// sentences) wrap within their column so that a table stays about as wide as a terminal.
/// </summary>
public static class TextTable
{
    const int Width = 120;
    const int Gap = 2;

    public static string Of(DataFrame frame)
    {
        var columns = frame.Columns.Select(c => c.Name).ToList();
        var rows = Enumerable.Range(0, (int)frame.Rows.Count)
            .Select(r => columns.Select((_, c) => Cell(frame[r, c])).ToList()).ToList();
        var widths = Fit(columns.Select((name, c) => rows.Select(r => r[c].Length).Prepend(name.Length).Max()).ToArray());
        if (widths.Sum() + Gap * (widths.Length - 1) > Width) return Records(columns, rows);
        var text = new StringBuilder();
        AppendRow(text, columns, widths);
        text.AppendLine(string.Join(new string(' ', Gap), widths.Select(w => new string('-', w))).TrimEnd());
        foreach (var row in rows) AppendRow(text, row, widths);
        return text.ToString().TrimEnd();
    }

    /// <summary>Too many columns for a terminal (a results frame has 17): each row as "column: value" pairs, wrapped.</summary>
    static string Records(List<string> columns, List<List<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var pairs = string.Join("; ", columns.Select((name, c) => (name, value: row[c])).Where(p => p.value.Length > 0).Select(p => $"{p.name}: {p.value}"));
            var lines = Wrap(pairs, Width - 6);
            text.AppendLine($"[{i + 1}]".PadRight(6) + lines[0]);
            foreach (var line in lines.Skip(1)) text.AppendLine(new string(' ', 6) + line);
        }
        return text.ToString().TrimEnd();
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Shrinks the widest columns, one character at a time, until the table fits (none below 12).</summary>
    static int[] Fit(int[] widths)
    {
        while (widths.Sum() + Gap * (widths.Length - 1) > Width)
        {
            var widest = Array.IndexOf(widths, widths.Max());
            if (widths[widest] <= 12) break;
            widths[widest]--;
        }
        return widths;
    }

    static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var wrapped = cells.Select((cell, c) => Wrap(cell, widths[c])).ToList();
        for (var line = 0; line < wrapped.Max(w => w.Count); line++)
        {
            var parts = wrapped.Select((w, c) => (line < w.Count ? w[line] : "").PadRight(widths[c]));
            text.AppendLine(string.Join(new string(' ', Gap), parts).TrimEnd());
        }
    }

    static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width) { lines.Add(line.ToString()); line.Clear(); }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
                while (line.Length > width) { lines.Add(line.ToString(0, width)); line.Remove(0, width); }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }
}

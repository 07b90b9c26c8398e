using Spectre.Console;
using Workbook.Reporting;

namespace Workbook.Cli.Commands;

/// <summary>Draws a table Reporting built. Every cell is escaped: the cells are data (a device name may hold brackets), not markup.</summary>
internal static class SpectreTables
{
    public static Table ToSpectre(this CellTable cells)
    {
        var table = new Table().Title(Markup.Escape(cells.Title));
        foreach (var name in cells.Header) table.AddColumn(Markup.Escape(name));
        foreach (var row in cells.Rows) table.AddRow([.. row.Select(Markup.Escape)]);
        if (cells.Caption.Length > 0) table.Caption(Markup.Escape(cells.Caption));
        return table;
    }
}

namespace Workbook.Reporting;

/// <summary>A table as text cells: built here in Reporting, drawn by whoever shows it (the command line with Spectre.Console).</summary>
public sealed record CellTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string Caption = "");

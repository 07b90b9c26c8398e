namespace Workbook.Runtime;

/// <summary>One DLL a Windows library imports, and the functions it takes from it (by name; "#n" for an ordinal).</summary>
public sealed record PeImport(string Dll, IReadOnlyList<string> Functions);

namespace Workbook.Runtime;

/// <summary>One native library as the process really mapped it (read back from /proc/self/maps).</summary>
public sealed record LoadedLibrary(string Name, string Path);

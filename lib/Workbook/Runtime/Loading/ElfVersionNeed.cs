namespace Workbook.Runtime;

/// <summary>A symbol version needed from a library; a weak one (VER_FLG_WEAK) does not stop the load when absent.</summary>
public sealed record ElfVersionNeed(string File, string Version, bool Weak);

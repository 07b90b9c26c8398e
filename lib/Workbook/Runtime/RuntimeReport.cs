namespace Workbook.Runtime;

/// <summary>One native library as the process really mapped it (read back from /proc/self/maps).</summary>
public sealed record LoadedLibrary(string Name, string Path);

/// <summary>What <see cref="TorchRuntime.Initialize"/> found and did: the Linux version of the blog's "which DLL came from where".
/// <see cref="Glue"/> says which glue library runs and what vouches for it (<see cref="NativeLayout.Glue"/>).</summary>
public sealed record RuntimeReport(
    string TorchSharpVersion,
    string LibTorchVersion,
    string Backend,
    string LibTorchSource,
    string LibTorchDir,
    IReadOnlyList<LoadedLibrary> Loaded,
    bool CompatibilityFixApplied,
    string? PatchedLibrary,
    string? NewestGlibcxx,
    string? LibStdCxxPath,
    IReadOnlyList<string> Notes,
    double InitSeconds,
    string Glue);

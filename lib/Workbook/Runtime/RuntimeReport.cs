namespace Workbook.Runtime;

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
    string Glue)
{
    /// <summary>Each optional tuning (Runtime/Tunings) and what became of it; its state also reaches <see cref="Notes"/>
    /// unless it was not needed. Empty where TorchSharp's own loader runs (Windows, macOS): the tunings are Linux-only.</summary>
    public IReadOnlyList<TuningReport> Tunings { get; init; } = [];
}

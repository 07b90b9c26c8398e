namespace Workbook.Runtime;

/// <summary>TorchSharp's glue library as loaded: its handle, the patched copy when the GLIBCXX fix was needed, and the
/// system libstdc++ it was judged against.</summary>
sealed record LoadedGlue(nint Handle, string? PatchedPath, string? LibStdCxxPath, string? NewestGlibcxx, string? Note);

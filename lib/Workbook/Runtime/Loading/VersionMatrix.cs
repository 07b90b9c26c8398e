namespace Workbook.Runtime;

/// <summary>
/// The blog's "match the versions" table for this stack: what each piece is, which version this build uses, and what
/// it requires. The requirements are the published ones of the TorchSharp 0.107.0 / libtorch 2.10.0 packages.
/// </summary>
public static class VersionMatrix
{
    public static IReadOnlyList<(string Component, string Version, string Requires)> Rows(RuntimeReport? runtime = null) =>
    [
        (".NET SDK / runtime", Environment.Version.ToString(), "net10.0 (global.json pins the 10.0 SDK)"),
        ("TorchSharp", BuildInfo.TorchSharpVersion, $"libtorch {BuildInfo.LibTorchVersion} exactly (natives are matched by version)"),
        ("libtorch (CPU)", BuildInfo.LibTorchVersion, "x86-64 with AVX2 for full speed; GLIBCXX_3.4.26+ for libtorch itself"),
        ("libLibTorchSharp.so", BuildInfo.TorchSharpVersion, "GLIBCXX_3.4.32 (GCC 13): Ubuntu 24.04 / Debian 13 as shipped; Ubuntu 22.04 / Debian 12 need the compatibility fix"),
        ("libtorch (CUDA)", $"{BuildInfo.LibTorchVersion} + CUDA 12.8", "NVIDIA driver >= 570 (CUDA 12.8); cuDNN 9 ships inside the package; compute capability 5.0+"),
        ("System libstdc++", runtime?.NewestGlibcxx ?? SystemLibStdCxx.Newest() ?? "unknown", runtime?.CompatibilityFixApplied == true ? "older than GLIBCXX_3.4.32: fix applied" : "-"),
        ("Backend of this build", runtime?.Backend ?? BuildInfo.TorchBackend, "cpu by default; -p:TorchBackend=cuda for NVIDIA GPUs"),
    ];
}

using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>Each way the Linux load can fail, as the error a user reads: what failed, the loader's words, and the fix.</summary>
static class LoadFailures
{
    public static TorchRuntimeException UnsupportedPlatform() => new(
        $"This workbook runs on Linux x64, Windows x64 and macOS arm64; this is {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}.",
        "Run it on one of those (WSL2 or a Linux x64 container work elsewhere).");

    public static TorchRuntimeException Core(string core, NativeLayout layout, Exception e) =>
        Diagnose(core, layout.LibTorchDir) is { } diagnosis
            ? TorchNatives.Explain(diagnosis, e.Message, e)
            : new($"libtorch's {Path.GetFileName(core)} failed to load from {layout.LibTorchDir}.",
                layout.Backend == "cuda"
                    ? "Check the NVIDIA driver (nvidia-smi) and that the CUDA libraries beside libtorch_cuda.so are complete; see environment.md, 'CUDA natives do not load'."
                    : "Rebuild to restore the natives (dotnet build Workbook.sln); if the file is truncated, clear it from the NuGet cache (dotnet nuget locals all --clear) and rebuild.",
                e.Message, e);

    public static TorchRuntimeException Glue(NativeLayout layout, Exception e) =>
        Diagnose(layout.LibTorchSharp, layout.LibTorchDir) is { } diagnosis
            ? TorchNatives.Explain(diagnosis, e.Message, e)
            : new($"TorchSharp's {NativeLayout.GlueFileName} failed to load from {layout.LibTorchSharp}.",
                "Rebuild (dotnet build Workbook.sln) so TorchSharp and libtorch come from matching packages; see environment.md, troubleshooting.",
                e.Message, e);

    public static TorchRuntimeException GlibcxxTooOld(IReadOnlyList<string> missing, string? stdcxx, string newest, Exception e) => new(
        $"{NativeLayout.GlueFileName} needs {string.Join(", ", missing)} but this system's libstdc++ ({stdcxx}) stops at {newest}; " +
        $"only {PatchedGlue.RelaxedVersion} is known to be safe to relax.",
        "Install a newer libstdc++ (GCC 13 or later: Ubuntu 24.04, Debian 13), or run in a container of such a distribution.",
        e.Message, e);

    public static TorchRuntimeException PatchedCopy(string patched, Exception e) => new(
        $"The patched copy {patched} failed to load too.",
        "Delete the cache folder named above and retry; if it persists, report it with the output of 'workbook doctor'.",
        e.Message, e);

    public static TorchRuntimeException Initialization(Exception e) => new(
        "TorchSharp did not initialise even though its natives were loaded.",
        "This usually means TorchSharp and libtorch versions do not match; unset WORKBOOK_LIBTORCH or rebuild.",
        (e.InnerException ?? e).Message.Split('\n')[0], e);

    /// <summary>The dependency walk of a library that failed to load; null when it finds nothing to blame (then the loader's words stand).</summary>
    static NativeDependencyTree? Diagnose(string library, string libTorchDir)
    {
        try
        {
            var tree = NativeDependencyTree.Walk(library, NativeSearch.ForThisMachine(libTorchDir));
            return tree.Problems.Any(p => !p.What.Contains(PatchedGlue.RelaxedVersion, StringComparison.Ordinal)) ? tree : null;
        }
        catch (InvalidDataException) { return null; }
    }
}

namespace Workbook.Runtime;

/// <summary>How the runtime loads libtorch on a given system.</summary>
public enum NativeLoading
{
    /// <summary>Linux x64: the workbook loads the natives itself, with its glibc fixes (GLIBCXX patch, malloc tuning, /proc).</summary>
    LinuxWithFixes,

    /// <summary>Windows x64 and macOS arm64 (student laptops): TorchSharp's own loader finds libtorch-cpu-win-x64 /
    /// libtorch-cpu-osx-arm64, and none of the Linux fixes applies (they patch ELF files and tune glibc).</summary>
    TorchSharpLoader,

    /// <summary>No CPU libtorch package exists for this system.</summary>
    Unsupported,
}

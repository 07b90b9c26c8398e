using System.Runtime.InteropServices;

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

public static class RuntimePlatform
{
    public static NativeLoading Current => Of(
        OperatingSystem.IsLinux() ? OSPlatform.Linux : OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.FreeBSD,
        RuntimeInformation.ProcessArchitecture);

    /// <summary>The same choice the build makes for the libtorch package (lib/Workbook/Workbook.csproj, TorchNativeRid).</summary>
    public static NativeLoading Of(OSPlatform os, Architecture architecture) => (os, architecture) switch
    {
        _ when os == OSPlatform.Linux && architecture == Architecture.X64 => NativeLoading.LinuxWithFixes,
        _ when os == OSPlatform.Windows && architecture == Architecture.X64 => NativeLoading.TorchSharpLoader,
        _ when os == OSPlatform.OSX && architecture == Architecture.Arm64 => NativeLoading.TorchSharpLoader,
        _ => NativeLoading.Unsupported,
    };
}

using System.Runtime.InteropServices;

namespace Workbook.Runtime;

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

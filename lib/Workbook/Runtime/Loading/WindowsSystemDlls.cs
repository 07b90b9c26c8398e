namespace Workbook.Runtime;

/// <summary>DLLs every Windows x64 installation has in System32, and the API sets the loader resolves without a file.</summary>
public static class WindowsSystemDlls
{
    // What libtorch 2.10.0, TorchSharp 0.107.0 and the .NET host import (read with objdump -p), plus their usual company.
    static readonly HashSet<string> Core = new(StringComparer.OrdinalIgnoreCase)
    {
        "kernel32.dll", "kernelbase.dll", "ntdll.dll", "user32.dll", "gdi32.dll", "advapi32.dll", "ole32.dll", "oleaut32.dll",
        "shell32.dll", "shlwapi.dll", "ws2_32.dll", "wsock32.dll", "dbghelp.dll", "bcrypt.dll", "crypt32.dll", "secur32.dll",
        "rpcrt4.dll", "version.dll", "psapi.dll", "iphlpapi.dll", "userenv.dll", "ucrtbase.dll", "msvcrt.dll", "comctl32.dll",
        "comdlg32.dll", "setupapi.dll", "winmm.dll", "dnsapi.dll", "ncrypt.dll", "normaliz.dll", "powrprof.dll", "mswsock.dll",
        "imagehlp.dll", "dwmapi.dll", "uxtheme.dll", "cfgmgr32.dll", "wintrust.dll", "netapi32.dll", "mpr.dll", "d3d11.dll",
        "dxgi.dll", "opengl32.dll", "wldap32.dll", "pdh.dll", "dbgeng.dll",
    };

    /// <summary>api-ms-win-* and ext-ms-* names are contracts the loader maps to system DLLs; they never exist as files.</summary>
    public static bool IsApiSet(string dll) =>
        dll.StartsWith("api-ms-win-", StringComparison.OrdinalIgnoreCase) || dll.StartsWith("ext-ms-", StringComparison.OrdinalIgnoreCase);

    /// <summary>Part of every Windows installation (System32).</summary>
    public static bool IsSystem(string dll) => Core.Contains(dll);
}

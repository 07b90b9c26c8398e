namespace Workbook.Tests.Runtime;

/// <summary>
/// The real Windows natives, restored into the NuGet cache on any machine by the test project's PackageDownload of
/// libtorch-cpu-win-x64 (TorchSharp's own package carries LibTorchSharp.dll for win-x64 already).
/// </summary>
public static class WindowsNatives
{
    static string NuGet => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } own ? own
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static string LibTorchDir => Path.Combine(NuGet, "libtorch-cpu-win-x64", Workbook.Runtime.BuildInfo.LibTorchVersion, "runtimes", "win-x64", "native");

    public static string Glue => Path.Combine(NuGet, "torchsharp", Workbook.Runtime.BuildInfo.TorchSharpVersion, "runtimes", "win-x64", "native", "LibTorchSharp.dll");

    public static string File(string name) => Path.Combine(LibTorchDir, name);

    /// <summary>scratch/win: the glue copied (small, so a test may damage it) and every libtorch DLL linked, except <paramref name="remove"/>.</summary>
    public static string Folder(ScratchDir scratch, string? remove = null)
    {
        var dir = Directory.CreateDirectory(scratch.File("win")).FullName;
        System.IO.File.Copy(Glue, Path.Combine(dir, "LibTorchSharp.dll"));
        foreach (var file in Directory.GetFiles(LibTorchDir, "*.dll").Where(f => Path.GetFileName(f) != remove))
            System.IO.File.CreateSymbolicLink(Path.Combine(dir, Path.GetFileName(file)), file);
        return dir;
    }
}

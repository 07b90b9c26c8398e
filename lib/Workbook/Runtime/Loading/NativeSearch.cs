namespace Workbook.Runtime;

/// <summary>
/// Where the operating system's loader looks for a library's dependencies, in its order. Windows (a DLL loaded by full
/// path, as .NET's NativeLibrary does): the loading DLL's folder, the application folder, the system folders, then PATH;
/// API sets (api-ms-win-*, ext-ms-*) are resolved inside the loader and never are files. Linux (ld.so): DT_RPATH when
/// there is no DT_RUNPATH, LD_LIBRARY_PATH, DT_RUNPATH ($ORIGIN is the library's folder), then the ldconfig folders.
/// </summary>
/// <param name="AppDirs">The application folder(s): where the program (or the package) keeps its own natives.</param>
/// <param name="SearchPath">PATH on Windows, LD_LIBRARY_PATH on Linux.</param>
/// <param name="SystemDirs">System32 and the Windows folder, or the ldconfig folders. Empty: looking at another OS's files
/// (Windows DLLs on Linux), where the system's own DLLs are taken as present and say so.</param>
public sealed record NativeSearch(NativeFormat Format, IReadOnlyList<string> AppDirs, IReadOnlyList<string> SearchPath, IReadOnlyList<string> SystemDirs)
{
    /// <summary>The rules of the machine this process runs on, for natives kept in <paramref name="appDirs"/>.</summary>
    public static NativeSearch ForThisMachine(params string[] appDirs) => OperatingSystem.IsWindows()
        ? new(NativeFormat.Windows, appDirs, Split(Environment.GetEnvironmentVariable("PATH"), ';'),
            [Environment.SystemDirectory, Environment.GetFolderPath(Environment.SpecialFolder.Windows)])
        : new(NativeFormat.Linux, appDirs, Split(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), ':'), LinuxSystemDirs());

    /// <summary>Windows DLLs looked at from any OS: their folder is the application folder, Windows itself is assumed.</summary>
    public static NativeSearch WindowsFiles(params string[] appDirs) => new(NativeFormat.Windows, appDirs, [], []);

    /// <summary>Is the search looking at this machine's real system folders (not another OS's files)?</summary>
    public bool SystemKnown => SystemDirs.Count > 0;

    static List<string> Split(string? value, char separator) =>
        [.. (value ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>ld.so's trusted folders and those /etc/ld.so.conf (and its includes) adds to the ldconfig cache.</summary>
    public static IReadOnlyList<string> LinuxSystemDirs()
    {
        var dirs = new List<string>();
        void ReadConf(string file, int depth)
        {
            if (depth > 4 || !File.Exists(file)) return;
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Split('#')[0].Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith("include ", StringComparison.Ordinal))
                {
                    var pattern = line["include ".Length..].Trim();
                    var folder = Path.GetDirectoryName(pattern)!;
                    if (Directory.Exists(folder))
                        foreach (var f in Directory.GetFiles(folder, Path.GetFileName(pattern)).Order(StringComparer.Ordinal)) ReadConf(f, depth + 1);
                }
                else dirs.Add(line);
            }
        }
        ReadConf("/etc/ld.so.conf", 0);
        dirs.AddRange(["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]);
        return [.. dirs.Where(Directory.Exists).Distinct()];
    }
}

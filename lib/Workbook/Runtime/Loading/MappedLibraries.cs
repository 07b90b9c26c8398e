using System.Diagnostics;

namespace Workbook.Runtime;

/// <summary>The torch libraries this process has really mapped, read back from /proc/self/maps (elsewhere: the process's module list).</summary>
static class MappedLibraries
{
    static readonly string[] LinuxNames = ["libLibTorchSharp.so", "libtorch_cpu.so", "libtorch_cuda.so", "libc10.so", "libc10_cuda.so", "libtorch.so"];

    public static IReadOnlyList<LoadedLibrary> Torch()
    {
        if (!OperatingSystem.IsLinux())
            return [.. Process.GetCurrentProcess().Modules.Cast<ProcessModule>()
                .Where(m => m.ModuleName.Contains("torch", StringComparison.OrdinalIgnoreCase) || m.ModuleName.Contains("c10", StringComparison.OrdinalIgnoreCase))
                .Select(m => new LoadedLibrary(m.ModuleName, m.FileName))];
        var seen = new Dictionary<string, string>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var at = line.IndexOf('/');
            if (at < 0) continue;
            var path = line[at..];
            var name = Path.GetFileName(path);
            if (LinuxNames.Contains(name)) seen.TryAdd(name, path);
        }
        return [.. LinuxNames.Where(seen.ContainsKey).Select(n => new LoadedLibrary(n, seen[n]))];
    }
}

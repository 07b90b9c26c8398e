using TorchSharp;

namespace Workbook.Runtime;

/// <summary>Where TorchSharp's natives are on this machine, and their dependency tree: what doctor prints and the load error explains.</summary>
public static class TorchNatives
{
    const string WindowsGlue = "LibTorchSharp.dll";
    const string WindowsCpu = "torch_cpu.dll";

    /// <summary>
    /// The dependency tree of the glue this process uses or would use: on Linux the (patched) libLibTorchSharp.so with the
    /// libtorch folder the runtime loads first, on Windows LibTorchSharp.dll with the folder holding torch_cpu.dll.
    /// </summary>
    /// <exception cref="TorchRuntimeException">The natives themselves are not there.</exception>
    public static NativeDependencyTree Tree(RuntimeReport? loaded = null)
    {
        if (OperatingSystem.IsWindows())
        {
            var (glue, libtorch) = LocateWindows();
            return NativeDependencyTree.Walk(glue, NativeSearch.ForThisMachine(libtorch, AppContext.BaseDirectory));
        }
        var layout = NativeLayout.Resolve(Environment.GetEnvironmentVariable, SearchDirs(), NuGetRoot());
        var root = loaded?.PatchedLibrary ?? layout.LibTorchSharp;
        return NativeDependencyTree.Walk(root, NativeSearch.ForThisMachine(layout.LibTorchDir));
    }

    /// <summary>
    /// LibTorchSharp.dll and the folder holding torch_cpu.dll: beside the app (a win-x64 publish), in its runtimes/win-x64/native
    /// (a portable build), else in the NuGet cache (a notebook), where TorchSharp itself would copy them together on first use.
    /// </summary>
    public static (string Glue, string LibTorchDir) LocateWindows()
    {
        var dirs = SearchDirs().SelectMany(d => new[] { d, Path.Combine(d, "runtimes", "win-x64", "native") }).Distinct().ToList();
        var root = NuGetRoot();
        var glue = dirs.Select(d => Path.Combine(d, WindowsGlue)).FirstOrDefault(File.Exists)
                   ?? Existing(Path.Combine(root, "torchsharp", BuildInfo.TorchSharpVersion, "runtimes", "win-x64", "native", WindowsGlue))
                   ?? throw new TorchRuntimeException($"TorchSharp's {WindowsGlue} was not found (looked in {string.Join(", ", dirs)} and the NuGet cache {root}).",
                       MissingDependencyAdvice.For(WindowsGlue));
        var cpu = dirs.Select(d => Path.Combine(d, WindowsCpu)).FirstOrDefault(File.Exists)
                  ?? Existing(Path.Combine(root, $"libtorch-cpu-win-x64", BuildInfo.LibTorchVersion, "runtimes", "win-x64", "native", WindowsCpu))
                  ?? throw new TorchRuntimeException($"libtorch's {WindowsCpu} was not found (looked in {string.Join(", ", dirs)} and the NuGet cache {root}).",
                      MissingDependencyAdvice.For(WindowsCpu));
        return (glue, Path.GetDirectoryName(cpu)!);
    }

    /// <summary>The problems of a tree as one runtime error: each missing file, who needs it and the fix.</summary>
    public static TorchRuntimeException Explain(NativeDependencyTree tree, string? loaderError = null, Exception? inner = null)
    {
        var problems = tree.Problems;
        return new TorchRuntimeException(
            $"TorchSharp's natives cannot load ({tree.Root.Path}): " + string.Join(" ", problems.Select(p => p.What)),
            string.Join(" ", problems.Select(p => p.Fix).Distinct()), loaderError, inner);
    }

    static IEnumerable<string> SearchDirs() =>
        new[] { Path.GetDirectoryName(typeof(TorchNatives).Assembly.Location), AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) }
            .Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.GetFullPath(d!)).Distinct();

    static string? Existing(string path) => File.Exists(path) ? path : null;

    internal static string NuGetRoot() => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } own ? own
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}

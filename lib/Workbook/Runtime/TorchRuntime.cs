using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Workbook.Runtime;

/// <summary>
/// Makes TorchSharp's native code load, once per process, before anything touches <c>torch</c>. Called first by the CLI,
/// the tests and every notebook. On Debian 12 / Ubuntu 22.04 it applies the GLIBCXX compatibility fix and says so.
/// </summary>
public static class TorchRuntime
{
    static readonly Lock Gate = new();
    static RuntimeReport? report;

    /// <summary>Loads the natives (idempotent, thread-safe) and reports what was loaded from where.</summary>
    /// <exception cref="TorchRuntimeException">What failed to load, the loader's error, and the fix.</exception>
    public static RuntimeReport Initialize()
    {
        lock (Gate)
        {
            return report ??= Load(Environment.GetEnvironmentVariable);
        }
    }

    /// <summary>Initialises, then insists on a backend: "cuda" fails with the fix when this build restored CPU-only natives.</summary>
    public static RuntimeReport Initialize(string backend)
    {
        var loaded = Initialize();
        if (backend == "cuda" && loaded.Backend != "cuda")
            throw new TorchRuntimeException(
                $"The CUDA backend was asked for, but the workbook was built with {loaded.Backend} natives (libtorch from {loaded.LibTorchDir}).",
                "Build with CUDA natives: dotnet build Workbook.sln -p:TorchBackend=cuda (needs an NVIDIA driver for CUDA 12.8), or set " +
                $"{NativeLayout.LibTorchVariable} to a CUDA libtorch {BuildInfo.LibTorchVersion}; then restart the kernel.");
        if (backend is not ("cpu" or "cuda"))
            throw new ArgumentException($"backend is \"cpu\" or \"cuda\", not \"{backend}\"", nameof(backend));
        return loaded;
    }

    static RuntimeReport Load(Func<string, string?> environment)
    {
        var clock = Stopwatch.StartNew();
        switch (RuntimePlatform.Current)
        {
            case NativeLoading.Unsupported:
                throw new TorchRuntimeException(
                    $"This workbook runs on Linux x64, Windows x64 and macOS arm64; this is {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}.",
                    "Run it on one of those (WSL2 or a Linux x64 container work elsewhere).");
            case NativeLoading.TorchSharpLoader:
                return LoadWithTorchSharp(clock);
        }

        var torchSharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        var layout = NativeLayout.Resolve(environment,
            [Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location)!, AppContext.BaseDirectory, torchSharpDir],
            NuGetRoot(environment));
        var notes = new List<string>();
        if (AllocatorTuning.Apply(environment) is { } tuned) notes.Add(tuned);

        var handles = new Dictionary<string, nint>(StringComparer.Ordinal);
        foreach (var core in layout.CoreLibraries())
        {
            try { handles[Path.GetFileName(core)] = NativeLibrary.Load(core); }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                if (Diagnose(core, layout.LibTorchDir) is { } diagnosis) throw TorchNatives.Explain(diagnosis, e.Message, e);
                throw new TorchRuntimeException($"libtorch's {Path.GetFileName(core)} failed to load from {layout.LibTorchDir}.",
                    layout.Backend == "cuda"
                        ? "Check the NVIDIA driver (nvidia-smi) and that the CUDA libraries beside libtorch_cuda.so are complete; see environment.md, 'CUDA natives do not load'."
                        : "Rebuild to restore the natives (dotnet build Workbook.sln); if the file is truncated, clear it from the NuGet cache (dotnet nuget locals all --clear) and rebuild.",
                    e.Message, e);
            }
        }

        // Before anything runs a GEMM: MKL reads its vendor check once and keeps the kernels it picked.
        if (handles.TryGetValue("libtorch_cpu.so", out var cpuLib) && MklAvx512.Apply(cpuLib, environment) is { } mkl) notes.Add(mkl);

        var stdcxx = SystemLibStdCxx.Locate();
        var available = stdcxx is null ? [] : SystemLibStdCxx.Versions(stdcxx);
        string? patched = null;
        nint glue;
        try
        {
            glue = NativeLibrary.Load(layout.LibTorchSharp);
        }
        catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX_", StringComparison.Ordinal))
        {
            var missing = PatchedGlue.MissingVersions(layout.LibTorchSharp, available);
            var newest = available.Count == 0 ? "none" : $"GLIBCXX_{available[^1]}";
            if (missing.Count != 1 || missing[0] != PatchedGlue.RelaxedVersion)
                throw new TorchRuntimeException(
                    $"{NativeLayout.GlueFileName} needs {string.Join(", ", missing)} but this system's libstdc++ ({stdcxx}) stops at {newest}; " +
                    $"only {PatchedGlue.RelaxedVersion} is known to be safe to relax.",
                    "Install a newer libstdc++ (GCC 13 or later: Ubuntu 24.04, Debian 13), or run in a container of such a distribution.",
                    e.Message, e);
            patched = PatchedGlue.Prepare(layout.LibTorchSharp, layout.LibTorchDir, PatchedGlue.CacheRoot(environment));
            try { glue = NativeLibrary.Load(patched); }
            catch (DllNotFoundException again)
            {
                throw new TorchRuntimeException($"The patched copy {patched} failed to load too.",
                    "Delete the cache folder named above and retry; if it persists, report it with the output of 'workbook doctor'.",
                    again.Message, again);
            }
            notes.Add($"System libstdc++ stops at {newest}; TorchSharp's {NativeLayout.GlueFileName} asks for {PatchedGlue.RelaxedVersion} only for a " +
                      $"marker symbol, so a copy with that requirement marked weak was loaded from {Path.GetDirectoryName(patched)}.");
        }
        catch (DllNotFoundException e)
        {
            if (Diagnose(layout.LibTorchSharp, layout.LibTorchDir) is { } diagnosis) throw TorchNatives.Explain(diagnosis, e.Message, e);
            throw new TorchRuntimeException($"TorchSharp's {NativeLayout.GlueFileName} failed to load from {layout.LibTorchSharp}.",
                "Rebuild (dotnet build Workbook.sln) so TorchSharp and libtorch come from matching packages; see environment.md, troubleshooting.",
                e.Message, e);
        }

        // TorchSharp asks for "torch_cpu"/"torch_cuda" then "LibTorchSharp" by name. Answering with the handles loaded
        // above guarantees it gets exactly these files: a second copy of libtorch_cpu.so (say the app's own, while
        // WORKBOOK_LIBTORCH names another) would abort the process when its operators register twice.
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) => name switch
        {
            "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" => glue,
            "torch_cpu" or "libtorch_cpu" or "libtorch_cpu.so" => handles.GetValueOrDefault("libtorch_cpu.so"),
            "torch_cuda" or "libtorch_cuda" or "libtorch_cuda.so" => handles.GetValueOrDefault("libtorch_cuda.so"),
            _ => 0,
        });

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new TorchRuntimeException("TorchSharp did not initialise even though its natives were loaded.",
                "This usually means TorchSharp and libtorch versions do not match; unset WORKBOOK_LIBTORCH or rebuild.",
                (e.InnerException ?? e).Message.Split('\n')[0], e);
        }

        if (handles.GetValueOrDefault("libtorch_cpu.so") is not 0 and var torchCpu && NnpackQuiet.DisableWhereUnsupported(torchCpu) is false)
            notes.Add("NNPACK (an optional convolution library) does not support this CPU; libtorch's warning about it is silenced and " +
                      "convolutions use oneDNN or libtorch's own kernels, as they would anyway.");

        var stale = Path.Combine(torchSharpDir, "cpu", NativeLayout.GlueFileName);
        if (File.Exists(stale) && (patched is null || !SameFile(stale, patched)))
            notes.Add($"An earlier failed load left a copy of the natives in {Path.GetDirectoryName(stale)} (~480 MB); it is not used and can be deleted.");

        return new RuntimeReport(
            BuildInfo.TorchSharpVersion, layout.LibTorchVersion, layout.Backend, layout.Source, layout.LibTorchDir,
            LoadedTorchLibraries(), patched is not null, patched,
            available.Count == 0 ? null : $"GLIBCXX_{available[^1]}", stdcxx, notes, clock.Elapsed.TotalSeconds, layout.Glue);
    }

    /// <summary>
    /// Windows x64 and macOS arm64: the build restored that system's CPU libtorch, and TorchSharp's own loader finds it
    /// beside the app (or in the NuGet cache, inside a notebook). The Linux fixes are left out: they patch an ELF file,
    /// tune glibc's malloc and read /proc, none of which exists there. Tested only by the build's package choice
    /// (tests/Workbook.Tests/Gpu/BackendSwitchTests.cs); see environment.md, "Student laptops".
    /// </summary>
    static RuntimeReport LoadWithTorchSharp(Stopwatch clock)
    {
        // Windows: walk the import tables and load every dependency, leaves first, before TorchSharp is asked. When
        // something is missing TorchSharp blames a missing package reference, copies ~478 MB of natives and retries, and
        // under Wine with MSVCP140 switched off it never returned (killed after 200 s); this check names the file in ~1 s.
        if (OperatingSystem.IsWindows())
        {
            var tree = TorchNatives.Tree().CheckByLoading();
            if (tree.Problems.Count > 0) throw TorchNatives.Explain(tree);
        }
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            // The natives and every dependency were found and loaded above, so the package is there: never say it is not.
            throw new TorchRuntimeException($"TorchSharp could not initialise libtorch on {RuntimeInformation.OSDescription}, although its natives and their dependencies were found.",
                "TorchSharp and libtorch must come from matching packages: do a clean restore (delete the torchsharp and libtorch-cpu-* folders under " +
                "~/.nuget/packages, then dotnet build Workbook.sln); see environment.md, 'Student laptops'.",
                (e.InnerException ?? e).Message.Split('\n')[0], e);
        }
        var loaded = LoadedTorchLibraries();
        var dir = loaded.Count > 0 ? Path.GetDirectoryName(loaded[0].Path)! : Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        return new RuntimeReport(BuildInfo.TorchSharpVersion, BuildInfo.LibTorchVersion, "cpu", "TorchSharp's loader", dir, loaded,
            false, null, null, null, [], clock.Elapsed.TotalSeconds, "TorchSharp's own loader (not probed)");
    }

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

    static bool SameFile(string a, string b) => Path.GetFullPath(a) == Path.GetFullPath(b);

    static string? NuGetRoot(Func<string, string?> environment)
    {
        var own = environment("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(own)) return own;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>The torch libraries this process has really mapped, read back from /proc/self/maps (elsewhere: the process's module list).</summary>
    public static IReadOnlyList<LoadedLibrary> LoadedTorchLibraries()
    {
        if (!OperatingSystem.IsLinux())
            return [.. Process.GetCurrentProcess().Modules.Cast<ProcessModule>()
                .Where(m => m.ModuleName.Contains("torch", StringComparison.OrdinalIgnoreCase) || m.ModuleName.Contains("c10", StringComparison.OrdinalIgnoreCase))
                .Select(m => new LoadedLibrary(m.ModuleName, m.FileName))];
        string[] names = ["libLibTorchSharp.so", "libtorch_cpu.so", "libtorch_cuda.so", "libc10.so", "libc10_cuda.so", "libtorch.so"];
        var seen = new Dictionary<string, string>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var at = line.IndexOf('/');
            if (at < 0) continue;
            var path = line[at..];
            var name = Path.GetFileName(path);
            if (names.Contains(name)) seen.TryAdd(name, path);
        }
        return [.. names.Where(seen.ContainsKey).Select(n => new LoadedLibrary(n, seen[n]))];
    }
}

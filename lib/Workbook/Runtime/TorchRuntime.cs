using System.Diagnostics;
using TorchSharp;

namespace Workbook.Runtime;

/// <summary>
/// Makes TorchSharp's native code load, once per process, before anything touches <c>torch</c>. Called first by the CLI,
/// the tests and every notebook. What makes libtorch load lives in Runtime/Loading (on Debian 12 / Ubuntu 22.04 the
/// GLIBCXX compatibility fix); the optional speed tunings, each pinned to the binaries it was verified on and each with
/// a switch, live in Runtime/Tunings. The report says what was loaded from where and what each tuning did.
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

    /// <summary>The torch libraries this process has really mapped, read back from /proc/self/maps (elsewhere: the process's module list).</summary>
    public static IReadOnlyList<LoadedLibrary> LoadedTorchLibraries() => MappedLibraries.Torch();

    static RuntimeReport Load(Func<string, string?> environment)
    {
        var clock = Stopwatch.StartNew();
        if (RuntimePlatform.Current == NativeLoading.Unsupported) throw LoadFailures.UnsupportedPlatform();
        if (RuntimePlatform.Current == NativeLoading.TorchSharpLoader) return TorchSharpOwnLoader.Load(clock);

        var layout = ResolveLayout(environment);
        var allocator = AllocatorTuning.Apply(environment);  // before libtorch allocates anything
        var cores = CoreLibraries.Load(layout);
        var mkl = TuneTorchCpu(cores, MklAvx512.Name, MklAvx512.Variable,
            (path, handle) => MklAvx512.Apply(path, handle, environment)); // before the first GEMM: MKL reads its vendor check once
        var glue = GlueLoader.Load(layout, environment);
        TorchSharpResolver.AnswerWith(cores, glue.Handle);
        InitializeTorchSharp();
        var nnpack = TuneTorchCpu(cores, NnpackQuiet.Name, NnpackQuiet.Variable,
            (path, handle) => NnpackQuiet.Apply(path, handle, environment)); // before the first convolution asks about NNPACK

        TuningReport[] tunings = [allocator, mkl, nnpack];
        string?[] notes = [allocator.Note, mkl.Note, glue.Note, nnpack.Note, StaleNatives.Note(glue.PatchedPath)];
        return Report(layout, glue, [.. notes.OfType<string>()], clock) with { Tunings = tunings };
    }

    static NativeLayout ResolveLayout(Func<string, string?> environment) => NativeLayout.Resolve(environment,
        [Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location)!, AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location)!],
        NuGetRoot(environment));

    static string? NuGetRoot(Func<string, string?> environment)
    {
        var own = environment("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(own)) return own;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>MKL and NNPACK live in libtorch_cpu.so; a layout without it (none is known) has nothing for them to tune.</summary>
    static TuningReport TuneTorchCpu(IReadOnlyDictionary<string, LoadedCore> cores, string name, string variable, Func<string, nint, TuningReport> tune) =>
        cores.GetValueOrDefault(CoreLibraries.TorchCpu) is { } torchCpu
            ? tune(torchCpu.Path, torchCpu.Handle)
            : new(name, TuningOutcome.NotNeeded, $"no {CoreLibraries.TorchCpu} was loaded.", variable);

    static void InitializeTorchSharp()
    {
        try { torch.InitializeDeviceType(DeviceType.CPU); }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw LoadFailures.Initialization(e);
        }
    }

    static RuntimeReport Report(NativeLayout layout, LoadedGlue glue, IReadOnlyList<string> notes, Stopwatch clock) => new(
        BuildInfo.TorchSharpVersion, layout.LibTorchVersion, layout.Backend, layout.Source, layout.LibTorchDir,
        MappedLibraries.Torch(), glue.PatchedPath is not null, glue.PatchedPath,
        glue.NewestGlibcxx, glue.LibStdCxxPath, notes, clock.Elapsed.TotalSeconds, layout.Glue);
}

using System.Text.RegularExpressions;

namespace Workbook.Runtime;

/// <summary>
/// Where the natives are: TorchSharp's glue library (libLibTorchSharp.so) and the libtorch folder it runs on.
/// Resolution only looks at files; nothing is loaded here, so every outcome can be tested.
/// </summary>
/// <param name="Glue">Where the glue came from and what vouches for it against this libtorch, e.g. "libtorch 2.11.0+cu130, glue rebuilt on this machine, 0 unresolved symbols".</param>
public sealed partial record NativeLayout(string LibTorchSharp, string LibTorchDir, string Backend, string LibTorchVersion, string Source, string Glue)
{
    /// <summary>The environment variable that names a user's own libtorch folder, e.g. a PyTorch install's torch/lib.</summary>
    public const string LibTorchVariable = "WORKBOOK_LIBTORCH";

    public const string GlueFileName = "libLibTorchSharp.so";
    const string CpuLibrary = "libtorch_cpu.so";
    const string CudaLibrary = "libtorch_cuda.so";

    /// <summary>The core libtorch files, in the order they must be loaded (each one's dependencies first).</summary>
    public IEnumerable<string> CoreLibraries()
    {
        foreach (var name in new[] { "libc10.so", "libc10_cuda.so", CpuLibrary, CudaLibrary, "libtorch.so" })
        {
            var path = Path.Combine(LibTorchDir, name);
            if (File.Exists(path)) yield return path;
        }
    }

    /// <summary>Finds the natives for this process. Throws <see cref="TorchRuntimeException"/> naming what is missing.</summary>
    public static NativeLayout Resolve(Func<string, string?> environment, IEnumerable<string> searchDirs, string? nugetRoot)
    {
        // A portable build keeps natives under runtimes/linux-x64/native; a RID-specific publish puts them beside the app.
        var dirs = searchDirs.Where(d => !string.IsNullOrEmpty(d))
            .SelectMany(d => new[] { Path.Combine(d, "runtimes", "linux-x64", "native"), d })
            .Select(Path.GetFullPath).Distinct().ToList();
        var glue = dirs.Select(d => Path.Combine(d, GlueFileName)).FirstOrDefault(File.Exists)
                   ?? NuGetFile(nugetRoot, "torchsharp", BuildInfo.TorchSharpVersion, GlueFileName)
                   ?? throw new TorchRuntimeException(
                       $"TorchSharp's native glue library {GlueFileName} was not found (looked in {string.Join(", ", dirs)} and the NuGet cache).",
                       "Build the workbook first (dotnet build Workbook.sln), or in a notebook run the first cell, which references TorchSharp " +
                       $"{BuildInfo.TorchSharpVersion} and libtorch-cpu-linux-x64 {BuildInfo.LibTorchVersion}.");

        var own = environment(LibTorchVariable);
        if (!string.IsNullOrWhiteSpace(own)) return UserLibTorch(glue, own);

        var shipped = dirs.FirstOrDefault(d => File.Exists(Path.Combine(d, CudaLibrary)) || File.Exists(Path.Combine(d, CpuLibrary)));
        if (shipped is not null) return new(glue, shipped, BackendOf(shipped), BuildInfo.LibTorchVersion, "build output", PrebuiltGlue);

        var package = NuGetFile(nugetRoot, "libtorch-cpu-linux-x64", BuildInfo.LibTorchVersion, CpuLibrary);
        if (package is not null)
            return new(glue, Path.GetDirectoryName(package)!, "cpu", BuildInfo.LibTorchVersion, "NuGet cache", PrebuiltGlue);

        throw new TorchRuntimeException(
            $"No libtorch {BuildInfo.LibTorchVersion} natives were found (no {CpuLibrary} or {CudaLibrary} in {string.Join(", ", dirs)} or the NuGet cache).",
            $"Restore and build the workbook (dotnet build Workbook.sln), or set {LibTorchVariable} to the lib folder of a libtorch {BuildInfo.LibTorchVersion} " +
            "install, such as the torch/lib folder of a matching PyTorch.");
    }

    static NativeLayout UserLibTorch(string glue, string dir)
    {
        dir = Path.GetFullPath(dir);
        if (!Directory.Exists(dir))
            throw new TorchRuntimeException(
                $"{LibTorchVariable} names the folder {dir}, which does not exist.",
                $"Point {LibTorchVariable} at the lib folder of a libtorch {BuildInfo.LibTorchVersion} install (the one holding {CpuLibrary}), " +
                $"for example .../site-packages/torch/lib, or unset it to use the libtorch the workbook restored.");
        if (!File.Exists(Path.Combine(dir, CpuLibrary)))
            throw new TorchRuntimeException(
                $"{LibTorchVariable}={dir} holds no {CpuLibrary}, so it is not a libtorch lib folder.",
                $"Point {LibTorchVariable} at the folder that holds {CpuLibrary} and libc10.so (libtorch/lib, or torch/lib inside a PyTorch install).");

        var found = ReadVersion(dir);
        if (found is null)
            throw new TorchRuntimeException(
                $"The libtorch in {LibTorchVariable}={dir} does not say which version it is (no build-version file beside it and no torch/version.py above it).",
                $"Use an unmodified libtorch {BuildInfo.LibTorchVersion} download or PyTorch {BuildInfo.LibTorchVersion} install, or add a file " +
                $"'build-version' containing its version next to the lib folder.");
        if (SameRelease(found, BuildInfo.LibTorchVersion))
            return new(glue, dir, BackendOf(dir), found, LibTorchVariable, VouchedOrPrebuilt(glue, dir, found));
        var probe = GlueProbe.Read(glue);
        return new(glue, dir, BackendOf(dir), found, LibTorchVariable, ProbedGlue(glue, dir, found, probe, probe?.Mismatch(glue, dir, found)));
    }

    /// <summary>The matching version needs no probe; a clean, current one (gpu-run.sh always probes) is still reported.</summary>
    static string VouchedOrPrebuilt(string glue, string dir, string found)
    {
        try
        {
            return GlueProbe.Read(glue) is { Clean: true } probe && probe.Mismatch(glue, dir, found) is null ? probe.Describe() : PrebuiltGlue;
        }
        catch (TorchRuntimeException)
        {
            return PrebuiltGlue; // an unreadable record vouches for nothing, and this version needs no voucher
        }
    }

    /// <summary>The glue as shipped, on the libtorch it was built for.</summary>
    static string PrebuiltGlue => $"prebuilt glue for libtorch {BuildInfo.LibTorchVersion}";

    /// <summary>
    /// Another libtorch version: accepted only when tools/glue/probe.sh found the glue clean against this very folder
    /// and the glue has not changed since; otherwise refused, saying which of those failed and how to fix it.
    /// </summary>
    static string ProbedGlue(string glue, string dir, string found, GlueProbe? probe, string? stale)
    {
        var mismatch = $"The libtorch in {LibTorchVariable}={dir} is version {found}, but TorchSharp {BuildInfo.TorchSharpVersion} was built for libtorch {BuildInfo.LibTorchVersion}";
        var probeCommand = $"bash tools/glue/probe.sh {glue} {dir}";
        var orMatching = $"or install PyTorch/libtorch {BuildInfo.LibTorchVersion} (for example pip install torch=={BuildInfo.LibTorchVersion}) and point {LibTorchVariable} at its lib folder, " +
                         "or unset it to use the libtorch the workbook restored.";
        if (probe is null)
            throw new TorchRuntimeException(
                $"{mismatch}, and no probe has checked the glue {glue} against it (there is no {Path.GetFileName(GlueProbe.PathFor(glue))} beside it); " +
                "mixing versions fails on missing or changed native functions, which kills the process.",
                $"Probe it: {probeCommand} (tools/gpu-run.sh probes, and rebuilds the glue when needed), {orMatching}");
        if (stale is not null)
            throw new TorchRuntimeException($"{mismatch}, and the probe record {GlueProbe.PathFor(glue)} is stale: {stale}.",
                $"Probe again: {probeCommand}, {orMatching}");
        if (!probe.Clean)
            throw new TorchRuntimeException(
                $"{mismatch}, and the probe of the {probe.Origin} glue against it found {probe.UnresolvedSymbols} unresolved symbol(s) and " +
                $"{probe.MissingLibraries} missing librar(y/ies); loading it with immediate binding: {probe.Load}.",
                $"Rebuild the glue against this libtorch and probe again (tools/gpu-run.sh does both): bash tools/glue/rebuild.sh --glue {glue} --libtorch {dir} " +
                $"--sources torchsharp-native-{BuildInfo.TorchSharpVersion}.tar.gz, then {probeCommand}; {orMatching}");
        return probe.Describe();
    }

    /// <summary>The version a libtorch folder declares: libtorch's build-version file, or PyTorch's torch/version.py.</summary>
    public static string? ReadVersion(string libDir)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(libDir)) ?? libDir;
        foreach (var file in new[] { Path.Combine(parent, "build-version"), Path.Combine(libDir, "build-version"), Path.Combine(parent, "version.py") })
        {
            if (!File.Exists(file)) continue;
            var text = File.ReadAllText(file);
            var match = file.EndsWith(".py", StringComparison.Ordinal) ? PythonVersion().Match(text) : PlainVersion().Match(text);
            if (match.Success) return match.Groups[1].Value;
        }
        return null;
    }

    /// <summary>2.10.0+cu128 matches 2.10.0: the local part (+cpu, +cu128) names the build flavour, not the API.</summary>
    static bool SameRelease(string found, string expected) =>
        string.Equals(found.Split('+')[0], expected, StringComparison.Ordinal);

    static string BackendOf(string dir) => File.Exists(Path.Combine(dir, CudaLibrary)) ? "cuda" : "cpu";

    static string? NuGetFile(string? root, string package, string version, string file)
    {
        if (root is null) return null;
        var path = Path.Combine(root, package, version, "runtimes", "linux-x64", "native", file);
        return File.Exists(path) ? path : null;
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([0-9]+\.[0-9]+\.[0-9]+[^'""]*)['""]")]
    private static partial Regex PythonVersion();

    [GeneratedRegex(@"^\s*([0-9]+\.[0-9]+\.[0-9]+\S*)")]
    private static partial Regex PlainVersion();
}

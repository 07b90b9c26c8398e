namespace Workbook.Tests.Runtime;

/// <summary>
/// libtorch folders for the glue tests, laid out as libtorch's zip is (lib/ and a build-version file beside it), made of
/// links to the real CPU libtorch this build restored: the version label, a missing file or a wrong file are the test's.
/// </summary>
public static class LibTorchFarm
{
    public static string NativeDir => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    /// <summary>TorchSharp 0.107.0's prebuilt glue as restored.</summary>
    public static string PrebuiltGlue => Path.Combine(NativeDir, "libLibTorchSharp.so");

    /// <summary>
    /// scratch/libtorch/lib linking every libtorch file, labelled <paramref name="version"/>; <paramref name="remove"/> is
    /// left out; <paramref name="swap"/> links a library's name to another real library, so its symbols are missing.
    /// </summary>
    public static string Make(ScratchDir scratch, string version, string? remove = null, (string Name, string StandIn)? swap = null)
    {
        var lib = Directory.CreateDirectory(scratch.File("libtorch/lib")).FullName;
        foreach (var file in Directory.GetFiles(NativeDir, "lib*.so*").Where(f => !f.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal)))
        {
            var name = Path.GetFileName(file);
            if (name == remove || name == swap?.Name) continue;
            File.CreateSymbolicLink(Path.Combine(lib, name), file);
        }
        if (swap is { } s) File.CreateSymbolicLink(Path.Combine(lib, s.Name), Path.Combine(NativeDir, s.StandIn));
        File.WriteAllText(scratch.File("libtorch/build-version"), version + "\n");
        return lib;
    }

    /// <summary>A copy of the prebuilt glue in scratch/app/, where probe records and rebuilt files may be written.</summary>
    public static string GlueCopy(ScratchDir scratch)
    {
        var app = Directory.CreateDirectory(scratch.File("app")).FullName;
        var glue = Path.Combine(app, "libLibTorchSharp.so");
        File.Copy(PrebuiltGlue, glue);
        return glue;
    }

    /// <summary>
    /// The vendored glue sources where make-bundle.sh finds them: $WORKBOOK_GLUE_SOURCES, ../shared/vendor (or
    /// ../../shared/vendor from a worktree) or /work/shared/vendor; null when none is there (they are third-party and
    /// never committed). Tests that need them skip with this reason.
    /// </summary>
    public static string? VendoredSources =>
        Environment.GetEnvironmentVariable("WORKBOOK_GLUE_SOURCES") is { Length: > 0 } named ? (File.Exists(named) ? named : null)
        : new[] { Path.Combine(Repo.Root, "..", "shared", "vendor"), Path.Combine(Repo.Root, "..", "..", "shared", "vendor"), "/work/shared/vendor" }
            .Select(d => Path.GetFullPath(Path.Combine(d, "torchsharp-native-0.107.0.tar.gz"))).FirstOrDefault(File.Exists);

    public const string NoSources = "the vendored glue sources (torchsharp-native-0.107.0.tar.gz in ../shared/vendor or $WORKBOOK_GLUE_SOURCES) are not beside this clone";

    /// <summary>Runs a tools/glue script with bash from the repository root.</summary>
    public static (int Exit, string Output) Script(string script, params string[] args)
    {
        var (exit, stdout, stderr) = ChildProcess.Run("bash", [$"tools/glue/{script}", .. args], timeout: TimeSpan.FromMinutes(2));
        return (exit, stdout + stderr);
    }
}

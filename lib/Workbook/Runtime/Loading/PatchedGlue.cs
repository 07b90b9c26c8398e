using System.Security.Cryptography;

namespace Workbook.Runtime;

/// <summary>
/// The compatibility fix: a copy of libLibTorchSharp.so whose GLIBCXX_3.4.32 requirement is marked weak, kept in a
/// per-user cache keyed by the original's SHA-256, with the libtorch files linked beside it so its $ORIGIN RUNPATH finds them.
/// </summary>
public static class PatchedGlue
{
    /// <summary>The only requirement that is safe to relax: TorchSharp 0.107.0 needs it solely for the marker symbol
    /// std::ios_base_library_init, which no relocation uses.</summary>
    public const string RelaxedVersion = "GLIBCXX_3.4.32";

    /// <summary>SHA-256 of the one file the fix was verified on: TorchSharp 0.107.0's runtimes/linux-x64/native/libLibTorchSharp.so
    /// (as restored into the NuGet cache). That no relocation binds to a GLIBCXX_3.4.32 symbol was checked for this file alone.</summary>
    public const string VerifiedGlueSha256 = "cf33b1b0bb6bbb9754a768fb5c5d04d9f498603be50e73f55621a0b40ee608b8";

    /// <summary>
    /// Refuses to patch any glue library but the verified one: in another build a GLIBCXX_3.4.32 symbol may really be used,
    /// and a weak requirement would then fail at the first call instead of at load. Returns the file's SHA-256.
    /// </summary>
    public static string EnsureVerified(string gluePath, ReadOnlySpan<byte> contents)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(contents));
        if (sha256 != VerifiedGlueSha256)
            throw new TorchRuntimeException(
                $"{gluePath} (SHA-256 {sha256}) is not the libLibTorchSharp.so of TorchSharp 0.107.0 (SHA-256 {VerifiedGlueSha256}), " +
                $"the only build on which marking {RelaxedVersion} weak was verified to be safe, so the workbook will not patch it.",
                "Use a libstdc++ from GCC 13 or later (Ubuntu 24.04, Debian 13, or such a container), where no fix is needed; " +
                "or use TorchSharp 0.107.0 as Directory.Packages.props pins it (dotnet build Workbook.sln restores it).");
        return sha256;
    }

    /// <summary>The per-user cache: WORKBOOK_CACHE, else $XDG_CACHE_HOME/workbook, else ~/.cache/workbook.</summary>
    public static string CacheRoot(Func<string, string?> environment)
    {
        var own = environment("WORKBOOK_CACHE");
        if (!string.IsNullOrWhiteSpace(own)) return own;
        var xdg = environment("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg, "workbook");
    }

    /// <summary>GLIBCXX versions the glue library needs (not weak) that the system libstdc++ lacks.</summary>
    public static IReadOnlyList<string> MissingVersions(string gluePath, IReadOnlyList<Version> available)
    {
        var have = available.Select(v => $"GLIBCXX_{v}").ToHashSet(StringComparer.Ordinal);
        return [.. ElfVersionNeeds.Read(File.ReadAllBytes(gluePath))
            .Where(r => !r.Weak && r.Version.StartsWith("GLIBCXX_", StringComparison.Ordinal) && !have.Contains(r.Version))
            .Select(r => r.Version).Distinct()];
    }

    /// <summary>Writes (once) and returns the patched copy for this glue library and libtorch folder.</summary>
    public static string Prepare(string gluePath, string libTorchDir, string cacheRoot)
    {
        var original = File.ReadAllBytes(gluePath);
        var key = EnsureVerified(gluePath, original);
        // The links depend on the libtorch folder too, so two folders never share (and fight over) one set of links.
        var dirKey = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(libTorchDir)))[..12];
        var dir = Path.Combine(cacheRoot, "natives", key, dirKey);
        Directory.CreateDirectory(dir);

        foreach (var file in Directory.EnumerateFiles(libTorchDir, "*.so*"))
        {
            var link = Path.Combine(dir, Path.GetFileName(file));
            if (Path.GetFileName(file) == NativeLayout.GlueFileName) continue;
            if (File.Exists(link) || Directory.Exists(link)) continue;
            try { File.CreateSymbolicLink(link, file); }
            catch (IOException) when (File.Exists(link)) { } // another process made it first
        }

        var target = Path.Combine(dir, NativeLayout.GlueFileName);
        if (File.Exists(target) && ElfVersionNeeds.Read(File.ReadAllBytes(target)).Any(r => r.Version == RelaxedVersion && r.Weak))
            return target;

        if (!ElfVersionNeeds.MarkWeak(original, RelaxedVersion))
            throw new TorchRuntimeException($"{gluePath} does not require {RelaxedVersion}, so the compatibility fix does not apply to it.",
                "Report this with the output of 'workbook doctor'; the fix is only known to be safe for TorchSharp 0.107.0.");
        var temp = $"{target}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, original);
        File.Move(temp, target, overwrite: true); // atomic: a concurrent loader sees the old file or the new one, never half
        return target;
    }
}

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
        var key = Convert.ToHexStringLower(SHA256.HashData(original));
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

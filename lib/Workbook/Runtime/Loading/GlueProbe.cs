using System.Globalization;
using System.Security.Cryptography;

namespace Workbook.Runtime;

/// <summary>
/// The verdict tools/glue/probe.sh wrote beside a glue library (GLUE.probe): which libtorch it checked the glue against,
/// the glue's SHA-256, whether the glue is the prebuilt one or was rebuilt on this machine, and what it found.
/// A libtorch other than the one TorchSharp was built for is accepted only with a clean record that still matches.
/// </summary>
/// <remarks>
/// Why a record and not a check at start-up: .NET binds native functions lazily, so a function missing from a newer
/// libtorch kills the process when first called, which no .NET code can catch. The probe finds that in a child process
/// (ldd -r and an RTLD_NOW load), before any .NET process loads the glue.
/// </remarks>
public sealed record GlueProbe(string LibTorchVersion, string LibTorchDir, string Glue, string GlueSha256, string Origin,
    int UnresolvedSymbols, int MissingLibraries, string Load, string Verdict, string ProbedUtc)
{
    public const string Suffix = ".probe";
    public const string Prebuilt = "prebuilt";

    /// <summary>The record probe.sh writes for <paramref name="glue"/>.</summary>
    public static string PathFor(string glue) => glue + Suffix;

    /// <summary>Clean: no unresolved symbol, no missing library, and the immediate-binding load did not fail.</summary>
    public bool Clean => Verdict == "clean" && UnresolvedSymbols == 0 && MissingLibraries == 0 && !Load.StartsWith("failed", StringComparison.Ordinal);

    /// <summary>The one line doctor, the results' fingerprint and the report show, e.g. "libtorch 2.11.0+cu130, glue rebuilt on this machine, 0 unresolved symbols".</summary>
    public string Describe() =>
        $"libtorch {LibTorchVersion}, {(Origin == Prebuilt ? "prebuilt glue" : $"glue {Origin}")}, {UnresolvedSymbols} unresolved symbols";

    /// <summary>Reads the record beside <paramref name="glue"/>; null when there is none.</summary>
    /// <exception cref="TorchRuntimeException">The record exists but is not one probe.sh wrote.</exception>
    public static GlueProbe? Read(string glue)
    {
        var path = PathFor(glue);
        if (!File.Exists(path)) return null;
        var values = File.ReadLines(path)
            .Where(l => !l.StartsWith('#') && l.Contains('='))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        string Get(string key) => values.TryGetValue(key, out var v) ? v
            : throw new TorchRuntimeException($"The glue probe record {path} has no '{key}' line, so it is not one tools/glue/probe.sh wrote.",
                $"Delete it and probe again: bash tools/glue/probe.sh {glue} <libtorch lib folder>.");
        int Count(string key) => int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new TorchRuntimeException($"The glue probe record {path} says {key}={Get(key)}, which is not a count.",
                $"Delete it and probe again: bash tools/glue/probe.sh {glue} <libtorch lib folder>.");
        return new GlueProbe(Get("libtorch_version"), Get("libtorch_dir"), Get("glue"), Get("glue_sha256"), Get("origin"),
            Count("unresolved_symbols"), Count("missing_libraries"), Get("load"), Get("verdict"), Get("probed_utc"));
    }

    /// <summary>Why this record does not vouch for this glue file, libtorch folder and version any more; null when it does.</summary>
    public string? Mismatch(string glue, string libTorchDir, string libTorchVersion)
    {
        if (!SamePath(Glue, glue)) return $"it was written for the glue {Glue}, not {glue}";
        if (!SamePath(LibTorchDir, libTorchDir)) return $"it checked the libtorch in {LibTorchDir}, not {libTorchDir}";
        if (LibTorchVersion != libTorchVersion) return $"it checked libtorch {LibTorchVersion}, but the folder now says {libTorchVersion}";
        using var file = File.OpenRead(glue);
        var sha = Convert.ToHexStringLower(SHA256.HashData(file));
        return sha == GlueSha256 ? null : $"the glue changed since (SHA-256 {sha[..12]}, the probe checked {GlueSha256[..Math.Min(12, GlueSha256.Length)]})";
    }

    static bool SamePath(string a, string b) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));
}

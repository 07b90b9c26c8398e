using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Workbook.Runtime;

/// <summary>
/// SHA-256 of a file, remembered by path, size and modification time: in this process, and on disk under the per-user
/// cache (<see cref="PatchedGlue.CacheRoot"/>), because the file pinned for MKL and NNPACK is libtorch_cpu.so, 461 MB,
/// whose hash would otherwise add seconds to every start (sha256sum took 3.4 s on the Zen 3 build machine). A file
/// rewritten in place changes its size or time, so it is hashed again; NuGet never rewrites a restored package.
/// </summary>
public static class FileSha256
{
    static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    public static string Of(string path, Func<string, string?> environment)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target; // a link's own time says nothing of the file
        var key = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        if (Known.TryGetValue(key, out var known)) return known;
        var stored = Path.Combine(PatchedGlue.CacheRoot(environment), "sha256", Hex(Encoding.UTF8.GetBytes(key)));
        var sha256 = ReadStored(stored) ?? Compute(info.FullName);
        Store(stored, sha256);
        return Known[key] = sha256;
    }

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static string Compute(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    static string? ReadStored(string stored)
    {
        try
        {
            var text = File.Exists(stored) ? File.ReadAllText(stored).Trim() : "";
            return text.Length == 64 && text.All(Uri.IsHexDigit) ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    static void Store(string stored, string sha256)
    {
        try
        {
            if (ReadStored(stored) == sha256) return;
            Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
            var temp = $"{stored}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, sha256);
            File.Move(temp, stored, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a read-only cache only costs time
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Workbook.Runtime;

/// <summary>The C++ runtime (libstdc++) the dynamic loader will hand to TorchSharp, and which GLIBCXX versions it has.</summary>
public static partial class SystemLibStdCxx
{
    static readonly string[] KnownLocations =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>Path of the libstdc++ this process uses (already mapped by the runtime host) or the distribution's.</summary>
    public static string? Locate()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/');
                if (at >= 0 && line.Contains("libstdc++.so", StringComparison.Ordinal)) return line[at..];
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return KnownLocations.FirstOrDefault(File.Exists);
    }

    /// <summary>Every GLIBCXX_x.y.z version the library defines, oldest first.</summary>
    public static IReadOnlyList<Version> Versions(string path)
    {
        var text = Encoding.ASCII.GetString(File.ReadAllBytes(path));
        return [.. GlibcxxPattern().Matches(text).Select(m => Version.Parse(m.Groups[1].Value)).Distinct().Order()];
    }

    /// <summary>The newest GLIBCXX version of this system's libstdc++, e.g. "GLIBCXX_3.4.30", or null off Linux.</summary>
    public static string? Newest()
    {
        var path = Locate();
        if (path is null) return null;
        var versions = Versions(path);
        return versions.Count == 0 ? null : $"GLIBCXX_{versions[^1]}";
    }

    [GeneratedRegex(@"GLIBCXX_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcxxPattern();
}

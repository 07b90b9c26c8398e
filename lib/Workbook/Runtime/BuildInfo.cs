using System.Reflection;

namespace Workbook.Runtime;

/// <summary>What this build of the library was compiled against (from Directory.Packages.props, stamped at build).</summary>
public static class BuildInfo
{
    static string Metadata(string key) =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value ?? "unknown";

    /// <summary>The TorchSharp package version, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion { get; } = Metadata("TorchSharpVersion");

    /// <summary>The libtorch version TorchSharp was built for, e.g. 2.10.0. A user's own libtorch must match it.</summary>
    public static string LibTorchVersion { get; } = Metadata("LibTorchVersion");

    /// <summary>Which natives the build restored: "cpu" (default) or "cuda" (-p:TorchBackend=cuda).</summary>
    public static string TorchBackend { get; } = Metadata("TorchBackend");
}

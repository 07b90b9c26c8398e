using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Workbook.Reporting;

/// <summary>
/// plotly.js, read from the copy Plotly.NET embeds in its assembly: charts render with no network at all. The bytes are
/// read from the file with System.Reflection.Metadata instead of loading Plotly.NET: that assembly needs FSharp.Core
/// 10.1, which cannot load next to the 10.0 that the .NET Interactive kernel has already loaded.
/// </summary>
public static class PlotlyJs
{
    static readonly Lazy<string> Source = new(Read);

    /// <summary>A script tag defining window.Plotly. AMD/CommonJS are hidden from plotly's loader so that, inside Jupyter's
    /// require.js, it still defines the global instead of registering an anonymous module nobody asks for.</summary>
    public static string ScriptTag() =>
        $"<script type=\"text/javascript\">(function (define, module, exports) {{\n{Source.Value}\n}}).call(window);</script>";

    public static int Length => Source.Value.Length;

    static string Read()
    {
        var dir = Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location)!;
        var path = new[] { dir, AppContext.BaseDirectory }.Select(d => Path.Combine(d, "Plotly.NET.dll")).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Plotly.NET.dll, which carries plotly.js, is not beside {typeof(PlotlyJs).Assembly.Location}; rebuild the workbook (dotnet build Workbook.sln).");
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (!name.EndsWith(".js", StringComparison.Ordinal) || !name.Contains("plotly", StringComparison.OrdinalIgnoreCase)) continue;
            // An embedded resource lives in the CLI resources directory: a 4-byte length, then the bytes.
            var resources = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress).GetReader();
            resources.Offset = (int)resource.Offset;
            var length = resources.ReadInt32();
            return System.Text.Encoding.UTF8.GetString(resources.ReadBytes(length));
        }
        throw new InvalidDataException($"{path} holds no plotly.js resource");
    }
}

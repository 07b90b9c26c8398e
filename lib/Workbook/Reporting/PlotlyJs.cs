using System.Reflection;

namespace Workbook.Reporting;

/// <summary>plotly.js as Plotly.NET ships it (an embedded resource): charts render with no network at all.</summary>
public static class PlotlyJs
{
    static readonly Lazy<string> Source = new(() =>
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().First(n => n.Contains("plotly", StringComparison.OrdinalIgnoreCase) && n.EndsWith(".js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>A script tag defining window.Plotly. AMD/CommonJS are hidden from plotly's loader so that, inside Jupyter's
    /// require.js, it still defines the global instead of registering an anonymous module nobody asks for.</summary>
    public static string ScriptTag() =>
        $"<script type=\"text/javascript\">(function (define, module, exports) {{\n{Source.Value}\n}}).call(window);</script>";

    public static int Length => Source.Value.Length;
}

using System.Text.Json.Nodes;

namespace Workbook.Reporting;

/// <summary>
/// A chart as an HTML fragment: a div and the script that draws it with plotly.js, referencing no CDN. A page or a
/// notebook puts <see cref="PlotlyJs.ScriptTag"/> in once (a notebook's first cell does it), then any number of fragments.
/// The figure is plotly's own JSON (data + layout), so it needs no F# runtime in the notebook kernel.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class OfflineChart : IHtmlContent
{
    public OfflineChart(string title, JsonArray data, JsonObject layout)
    {
        Title = title;
        layout["title"] = new JsonObject { ["text"] = title };
        layout["width"] ??= 640;
        layout["height"] ??= 460;
        Figure = new JsonObject { ["data"] = data, ["layout"] = layout };
        var id = Guid.NewGuid().ToString("N");
        // ToJsonString escapes '<', so a label can never close the script element.
        Fragment = $"<div id=\"{id}\"></div>\n<script type=\"text/javascript\">\nvar renderPlotly_{id} = function() {{\n" +
                   $"    var figure = {Figure.ToJsonString()};\n" +
                   $"    Plotly.newPlot('{id}', figure.data, figure.layout, {{\"responsive\": true, \"displaylogo\": false}});\n}};\n" +
                   $"renderPlotly_{id}();\n</script>";
    }

    public string Title { get; }

    /// <summary>plotly's figure JSON: { data: [traces], layout: {...} }.</summary>
    public JsonObject Figure { get; }

    /// <summary>The div and its drawing script, with no plotly.js reference.</summary>
    public string Fragment { get; }

    public override string ToString() => Title;

    public string ToHtml() => Fragment;
}

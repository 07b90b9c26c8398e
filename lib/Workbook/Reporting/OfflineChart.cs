using Plotly.NET;

namespace Workbook.Reporting;

/// <summary>
/// A chart as an HTML fragment (a div and the script that draws it) that references no CDN. A page or a notebook puts
/// <see cref="PlotlyJs.ScriptTag"/> in once (a notebook's first cell does it), then any number of fragments.
/// </summary>
public sealed class OfflineChart
{
    public OfflineChart(string title, GenericChart chart)
    {
        Title = title;
        Chart = chart;
        Fragment = GenericChart.toChartHTML(chart);
    }

    public string Title { get; }
    public GenericChart Chart { get; }

    /// <summary>The div and its drawing script, with no plotly.js reference.</summary>
    public string Fragment { get; }

    public override string ToString() => Title;
}

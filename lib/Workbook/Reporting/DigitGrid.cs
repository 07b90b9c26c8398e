using System.Globalization;
using System.Text;
using Workbook.Data;

namespace Workbook.Reporting;

/// <summary>Sample digits drawn as an inline SVG grid, each with its label: no image library, no network.</summary>
public static class DigitGrid
{
    public static string Svg(MnistSplit split, int count = 32, int columns = 8, int scale = 3)
    {
        count = Math.Min(count, split.Count);
        var pixels = split.Images.narrow(0, 0, count).cpu().data<float>().ToArray();
        var labels = split.Labels.narrow(0, 0, count).cpu().data<long>().ToArray();
        var cell = 28 * scale;
        var rows = (count + columns - 1) / columns;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{columns * (cell + 8)}\" height=\"{rows * (cell + 22)}\" style=\"background:#fff\">");
        for (var i = 0; i < count; i++)
        {
            int x0 = i % columns * (cell + 8), y0 = i / columns * (cell + 22);
            svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate({x0},{y0})\"><rect width=\"{cell}\" height=\"{cell}\" fill=\"#fff\" stroke=\"#ccc\"/>");
            for (var p = 0; p < 28 * 28; p++)
            {
                var v = pixels[i * 784 + p];
                if (v < 0.05f) continue;
                var shade = (int)(255 * (1 - v));
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{p % 28 * scale}\" y=\"{p / 28 * scale}\" width=\"{scale}\" height=\"{scale}\" fill=\"rgb({shade},{shade},{shade})\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{cell / 2}\" y=\"{cell + 16}\" font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">{labels[i]}</text></g>");
        }
        return svg.Append("</svg>").ToString();
    }
}

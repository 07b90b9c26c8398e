using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbook.Reporting;

namespace Workbook.Cli.Notebooks;

/// <summary>What rendering one executed notebook produced.</summary>
public sealed record RenderedNotebook(string Path, int Pictures, long Bytes);

/// <summary>
/// Turns an executed notebook into one GitHub and any browser show without running anything: every plotly chart becomes
/// a PNG drawn by headless Chromium (image/png output), and the inline plotly.js (3.5 MB) is dropped, so a regenerated
/// copy costs tens of kilobytes per chart instead of plotly.js per notebook. No third-party script is written out.
/// </summary>
public static partial class NotebookRenderer
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<RenderedNotebook> RenderAsync(string executedNotebook, string outputPath, string chromium = Chromium,
        CancellationToken cancel = default)
    {
        if (!File.Exists(chromium))
            throw new UsageException($"{chromium} is missing; charts are drawn with headless Chromium. Install it: sudo apt-get install -y chromium");
        var root = JsonNode.Parse(await File.ReadAllTextAsync(executedNotebook, cancel))!.AsObject();
        var plotly = PlotlyJs.ScriptTag();
        var pictures = 0;
        using var scratch = new TempFolder();
        foreach (var cell in root["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code"))
        {
            foreach (var output in cell["outputs"]!.AsArray().Select(o => o!.AsObject()))
            {
                if (output["data"] is not JsonObject data || data["text/html"] is not { } htmlNode) continue;
                var html = Text(htmlNode);
                if (html.Contains(plotly, StringComparison.Ordinal))
                {
                    data["text/html"] = html.Replace(plotly, "", StringComparison.Ordinal);
                    continue;
                }
                if (Figure().Match(html) is { Success: true } figure)
                {
                    var json = JsonNode.Parse(figure.Groups[1].Value)!.AsObject();
                    var width = (int?)json["layout"]?["width"] ?? 640;
                    var height = (int?)json["layout"]?["height"] ?? 460;
                    var page = $"{plotly}<div id=\"c\"></div><script>var f = {json.ToJsonString()}; Plotly.newPlot('c', f.data, f.layout, {{staticPlot: true}});</script>";
                    output["data"] = Picture(await ScreenshotAsync(chromium, page, width, height, Path.Combine(scratch.Path, $"chart{++pictures}"), cancel),
                        (string?)json["layout"]?["title"]?["text"] ?? "chart");
                }
                else if (html.Length > LargeSvg && LeadingSvg().Match(html) is { Success: true } svg)
                {
                    // An inline SVG of thousands of elements (the digit grid): a picture is smaller, and GitHub drops inline SVG.
                    output["data"] = Picture(await ScreenshotAsync(chromium, html, int.Parse(svg.Groups[1].Value), int.Parse(svg.Groups[2].Value),
                        Path.Combine(scratch.Path, $"svg{++pictures}"), cancel), "image");
                }
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        await File.WriteAllTextAsync(outputPath, root.ToJsonString(Readable) + "\n", cancel);
        return new RenderedNotebook(outputPath, pictures, new FileInfo(outputPath).Length);
    }

    const int LargeSvg = 50_000;

    static JsonObject Picture(byte[] png, string text) => new() { ["image/png"] = Convert.ToBase64String(png), ["text/plain"] = text };

    /// <summary>One chart (or picture) alone on a page with plotly.js inlined if it needs it, photographed at its own size.</summary>
    static async Task<byte[]> ScreenshotAsync(string chromium, string body, int width, int height, string stem, CancellationToken cancel)
    {
        var page = stem + ".html";
        var png = stem + ".png";
        await File.WriteAllTextAsync(page, $"<!doctype html><html><body style=\"margin:0\">{body}</body></html>", cancel);
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            $"--user-data-dir={stem}-profile", "--virtual-time-budget=5000", $"--screenshot={png}", $"--window-size={width},{height}",
            "--host-resolver-rules=MAP * ~NOTFOUND", new Uri(page).AbsoluteUri])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {chromium}");
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        if (!File.Exists(png))
            throw new InvalidOperationException($"{chromium} drew no chart (exit {process.ExitCode}): {await errors}{await output}");
        return await File.ReadAllBytesAsync(png, cancel);
    }

    // Plain '<' and non-ASCII in the file, as Jupyter writes it: the copy stays readable in a diff.
    static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static string Text(JsonNode node) => node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    // OfflineChart writes its figure as one line: `var figure = {...};` (ToJsonString escapes '<', so no '</script>' inside).
    [GeneratedRegex(@"var figure = (\{.*\});\n", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();

    [GeneratedRegex(@"^\s*<svg [^>]*width=""(\d+)"" height=""(\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingSvg();

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("workbook-render-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbook.Reporting;

namespace Workbook.Cli.Notebooks;

/// <summary>What rendering one executed notebook produced.</summary>
public sealed record RenderedNotebook(string Path, int Charts, long Bytes);

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
        var charts = 0;
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
                if (Figure().Match(html) is not { Success: true } figure) continue;
                var json = JsonNode.Parse(figure.Groups[1].Value)!.AsObject();
                var png = await ScreenshotAsync(chromium, plotly, json, Path.Combine(scratch.Path, $"chart{++charts}"), cancel);
                output["data"] = new JsonObject
                {
                    ["image/png"] = Convert.ToBase64String(png),
                    ["text/plain"] = (string?)json["layout"]?["title"]?["text"] ?? "chart",
                };
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        await File.WriteAllTextAsync(outputPath, root.ToJsonString(Readable) + "\n", cancel);
        return new RenderedNotebook(outputPath, charts, new FileInfo(outputPath).Length);
    }

    /// <summary>One chart alone on a page with plotly.js inlined, photographed at the chart's own size.</summary>
    static async Task<byte[]> ScreenshotAsync(string chromium, string plotly, JsonObject figure, string stem, CancellationToken cancel)
    {
        var width = (int?)figure["layout"]?["width"] ?? 640;
        var height = (int?)figure["layout"]?["height"] ?? 460;
        var page = stem + ".html";
        var png = stem + ".png";
        await File.WriteAllTextAsync(page,
            $"<!doctype html><html><body style=\"margin:0\">{plotly}<div id=\"c\"></div><script>" +
            $"var f = {figure.ToJsonString()}; Plotly.newPlot('c', f.data, f.layout, {{staticPlot: true}});</script></body></html>", cancel);
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

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("workbook-render-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

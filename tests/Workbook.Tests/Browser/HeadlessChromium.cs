using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workbook.Tests.Browser;

/// <summary>What a page did in the browser: its charts, what it asked the network for (not file: or data:), what went wrong, and how it looked.</summary>
public sealed record BrowserRender(int Charts, int PlotlyPlots, int RenderedCharts, IReadOnlyList<string> Requests,
    IReadOnlyList<string> Errors, string ScreenshotPath);

/// <summary>
/// Debian's Chromium driven over the Chrome DevTools Protocol with only the BCL (a process, a websocket, JSON), so the
/// tests need no Node and no NuGet browser driver. The browser is cut off from every network: a report that needs one
/// shows up as a request or a script error, never as a silent download.
/// </summary>
public sealed partial class HeadlessChromium : IDisposable
{
    public const string Binary = "/usr/bin/chromium";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    readonly string profile = Directory.CreateTempSubdirectory("workbook-chromium-").FullName;
    readonly Process process;
    readonly ClientWebSocket socket = new();
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> pending = new();
    readonly ConcurrentQueue<string> requests = new(), errors = new(), stderr = new();
    TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int lastId;
    string? session;

    HeadlessChromium()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        // A fresh profile and no background services: nothing from a previous run or an update check can interfere.
        // The resolver rule and the dead proxy (port 9, discard) make any network request fail instead of leaving the machine.
        foreach (var arg in (string[])["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,1000",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "about:blank"])
            start.ArgumentList.Add(arg);
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}");
        // Both pipes are drained for the browser's whole life: a full pipe would block it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) stderr.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's chromium (`apt-get install chromium`, as .ci/run does) to run the browser tests.");
        var browser = new HeadlessChromium();
        try { await browser.ConnectAsync(); return browser; }
        catch { browser.Dispose(); throw; }
    }

    async Task ConnectAsync()
    {
        // Port 0 lets Chromium pick a free port; it prints the browser's websocket address on stderr.
        var deadline = DateTime.UtcNow + CommandTimeout;
        string? endpoint = null;
        while (endpoint is null)
        {
            endpoint = stderr.Select(l => DevToolsLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (endpoint is null && (process.HasExited || DateTime.UtcNow > deadline))
                throw new InvalidOperationException($"Chromium gave no DevTools address:\n{string.Join('\n', stderr)}");
            if (endpoint is null) await Task.Delay(50);
        }
        await socket.ConnectAsync(new Uri(endpoint), stop.Token);
        _ = Task.Run(ReceiveLoop);
        // One page target with a flattened session: every later command and event travels on the same websocket.
        var target = await SendAsync("Target.createTarget", new { url = "about:blank" }, toBrowser: true);
        var attached = await SendAsync("Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true }, toBrowser: true);
        session = attached.GetProperty("sessionId").GetString();
        foreach (var domain in (string[])["Network", "Runtime", "Log", "Page"]) await SendAsync($"{domain}.enable");
    }

    /// <summary>Opens a local HTML file, waits until every chart div holds a drawn Plotly SVG (or the timeout), and saves a full-page screenshot.</summary>
    public async Task<BrowserRender> RenderAsync(string htmlPath, string screenshotPath, TimeSpan? timeout = null)
    {
        loaded = new(TaskCreationOptions.RunContinuationsAsynchronously); // before navigating, so the event cannot be missed
        await SendAsync("Page.navigate", new { url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri });
        await loaded.Task.WaitAsync(CommandTimeout);
        // Plotly draws after load; a chart counts only once its div holds the SVG Plotly draws into.
        const string count = "({ charts: document.querySelectorAll('div.chart').length,"
            + " plots: document.querySelectorAll('.js-plotly-plot').length,"
            + " rendered: [...document.querySelectorAll('div.chart')].filter(d => d.querySelector('.js-plotly-plot svg.main-svg')).length })";
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement state;
        while (true)
        {
            state = (await SendAsync("Runtime.evaluate", new { expression = count, returnByValue = true })).GetProperty("result").GetProperty("value");
            if (state.GetProperty("rendered").GetInt32() == state.GetProperty("charts").GetInt32() || DateTime.UtcNow > deadline) break;
            await Task.Delay(200);
        }
        var size = (await SendAsync("Page.getLayoutMetrics")).GetProperty("cssContentSize");
        var shot = await SendAsync("Page.captureScreenshot", new
        {
            format = "png",
            captureBeyondViewport = true,
            clip = new { x = 0, y = 0, width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble(), scale = 1 },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
        await File.WriteAllBytesAsync(screenshotPath, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
        // file: is the report itself; data: URLs are inline bytes (plotly.js probes image support with one) and never leave the page.
        return new BrowserRender(state.GetProperty("charts").GetInt32(), state.GetProperty("plots").GetInt32(), state.GetProperty("rendered").GetInt32(),
            [.. requests.Where(u => !u.StartsWith("file:", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal))], [.. errors], screenshotPath);
    }

    async Task<JsonElement> SendAsync(string method, object? parameters = null, bool toBrowser = false)
    {
        var id = Interlocked.Increment(ref lastId);
        var reply = pending[id] = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new Dictionary<string, object?> { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new { } };
        if (!toBrowser) message["sessionId"] = session;
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, stop.Token);
        return await reply.Task.WaitAsync(CommandTimeout);
    }

    async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream(); // screenshots arrive as one multi-megabyte message
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                message.SetLength(0);
                ValueWebSocketReceiveResult part;
                do { part = await socket.ReceiveAsync(buffer.AsMemory(), stop.Token); message.Write(buffer, 0, part.Count); }
                while (!part.EndOfMessage);
                if (part.MessageType == WebSocketMessageType.Close) break;
                using var json = JsonDocument.Parse(message.ToArray());
                Dispatch(json.RootElement.Clone());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException) { }
        finally
        {
            foreach (var reply in pending.Values) reply.TrySetException(new IOException("the DevTools connection closed"));
        }
    }

    void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id))
        {
            if (!pending.TryRemove(id.GetInt32(), out var reply)) return;
            if (message.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException($"DevTools: {error}"));
            else reply.TrySetResult(message.GetProperty("result"));
            return;
        }
        var p = message.TryGetProperty("params", out var ps) ? ps : default;
        switch (message.GetProperty("method").GetString())
        {
            case "Network.requestWillBeSent":
                requests.Enqueue(p.GetProperty("request").GetProperty("url").GetString()!);
                break;
            case "Runtime.exceptionThrown":
                var details = p.GetProperty("exceptionDetails");
                errors.Enqueue("exception: " + (details.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var d) ? d.GetString() : details.GetProperty("text").GetString()));
                break;
            case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() == "error":
                errors.Enqueue("console.error: " + string.Join(" ", p.GetProperty("args").EnumerateArray()
                    .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var s) ? s.GetString() : "?")));
                break;
            case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = p.GetProperty("entry");
                errors.Enqueue($"log: {entry.GetProperty("text").GetString()} {(entry.TryGetProperty("url", out var url) ? url.GetString() : "")}".TrimEnd());
                break;
            case "Page.loadEventFired":
                loaded.TrySetResult();
                break;
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        try { process.Kill(entireProcessTree: true); process.WaitForExit(5000); } catch (InvalidOperationException) { }
        process.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } // a crash dump being written; the temp folder is reaped anyway
        stop.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}

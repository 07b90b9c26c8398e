using System.Net;
using System.Runtime.InteropServices;
using Workbook.Devices;
using Workbook.Runtime;

namespace Workbook.Reporting;

/// <summary>
/// What every notebook's first cell does in one call: take the notebook's Quick line, load TorchSharp's natives
/// (applying this machine's fixes, see <see cref="TorchRuntime"/>) and bring plotly.js in once, inline, so the charts
/// need no internet. Shown in the notebook, it prints the mode and where libtorch came from.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class NotebookSession : IHtmlContent
{
    NotebookSession(RuntimeReport runtime) => (Runtime, RunContext) = (runtime, Context());

    /// <summary>What the runtime loaded, from where, and what it had to fix (notebook 00 shows it in full).</summary>
    public RuntimeReport Runtime { get; }

    public bool Quick => NotebookMode.Quick;

    /// <summary>When, where and under what load the notebook ran: every number below depends on all three, so an executed
    /// copy says them ("Run 2026-12-04 19:15 UTC on AMD EPYC (family 25 model 1), 2 CPUs, Debian ...; load average 2.17 ...").</summary>
    public string RunContext { get; }

    static string Context()
    {
        var cpu = CpuInfo.Detect();
        // The 1, 5 and 15 minute load averages: on a shared 2-core machine a load of 20 made every step 5 to 15 times slower.
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : null;
        // "AMD EPYC" alone does not say which generation: the family and model numbers do (25/1 Zen 3, 25/17 Zen 4, 26 Zen 5).
        var info = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList() : [];
        string? Field(string name) => info.FirstOrDefault(l => l.Split(':')[0].Trim() == name)?.Split(':', 2)[1].Trim();
        var generation = Field("cpu family") is { } family && Field("model") is { } model ? $" (family {family} model {model})" : "";
        return $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {cpu.Model}{generation}, {cpu.LogicalCores} CPUs ({cpu.TorchThreads} torch threads), {RuntimeInformation.OSDescription}; " +
               (load is [var one, var five, var fifteen, ..] ? $"load average {one} {five} {fifteen} (1, 5, 15 min)" : "load average not available on this OS");
    }

    /// <param name="quick">The notebook's own <c>Quick</c> line; WORKBOOK_QUICK=1 or 0 overrides it.</param>
    public static NotebookSession Start(bool quick)
    {
        NotebookMode.Use(quick);
        return new NotebookSession(TorchRuntime.Initialize());
    }

    public override string ToString() =>
        $"{NotebookMode.Describe()}\n{RunContext}\nTorchSharp {Runtime.TorchSharpVersion}, libtorch {Runtime.LibTorchVersion} ({Runtime.Backend}) from {Runtime.LibTorchSource}" +
        (Runtime.Notes.Count == 0 ? "" : $"; {Runtime.Notes.Count} fix(es) applied, see notebook 00");

    /// <summary>The summary, and plotly.js for the charts further down (once per notebook).</summary>
    public string ToHtml() =>
        $"<pre>{WebUtility.HtmlEncode(ToString())}</pre>\n{PlotlyJs.ScriptTag()}";
}

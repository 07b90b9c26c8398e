using System.Net;
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
    NotebookSession(RuntimeReport runtime) => Runtime = runtime;

    /// <summary>What the runtime loaded, from where, and what it had to fix (notebook 00 shows it in full).</summary>
    public RuntimeReport Runtime { get; }

    public bool Quick => NotebookMode.Quick;

    /// <param name="quick">The notebook's own <c>Quick</c> line; WORKBOOK_QUICK=1 or 0 overrides it.</param>
    public static NotebookSession Start(bool quick)
    {
        NotebookMode.Use(quick);
        return new NotebookSession(TorchRuntime.Initialize());
    }

    public override string ToString() =>
        $"{NotebookMode.Describe()}\nTorchSharp {Runtime.TorchSharpVersion}, libtorch {Runtime.LibTorchVersion} ({Runtime.Backend}) from {Runtime.LibTorchSource}" +
        (Runtime.Notes.Count == 0 ? "" : $"; {Runtime.Notes.Count} fix(es) applied, see notebook 00");

    /// <summary>The summary, and plotly.js for the charts further down (once per notebook).</summary>
    public string ToHtml() =>
        $"<pre>{WebUtility.HtmlEncode(ToString())}</pre>\n{PlotlyJs.ScriptTag()}";
}

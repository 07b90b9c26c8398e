using TorchSharp;

namespace Workbook.Runtime;

/// <summary>TorchSharp's own fallback copies every native file (~480 MB) into &lt;TorchSharp dir&gt;/cpu/ after a failed
/// first load, and a copy left there is never used again: worth a note, since the user may delete it.</summary>
static class StaleNatives
{
    public static string? Note(string? patched)
    {
        var stale = Path.Combine(Path.GetDirectoryName(typeof(torch).Assembly.Location)!, "cpu", NativeLayout.GlueFileName);
        return File.Exists(stale) && (patched is null || Path.GetFullPath(stale) != Path.GetFullPath(patched))
            ? $"An earlier failed load left a copy of the natives in {Path.GetDirectoryName(stale)} (~480 MB); it is not used and can be deleted."
            : null;
    }
}

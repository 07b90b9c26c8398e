using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>
/// Loads libLibTorchSharp.so as shipped, and where the system's libstdc++ is too old only for the GLIBCXX_3.4.32 marker
/// (Debian 12, Ubuntu 22.04), the verified copy with that requirement marked weak (<see cref="PatchedGlue"/>).
/// </summary>
static class GlueLoader
{
    public static LoadedGlue Load(NativeLayout layout, Func<string, string?> environment)
    {
        var stdcxx = SystemLibStdCxx.Locate();
        var available = stdcxx is null ? [] : SystemLibStdCxx.Versions(stdcxx);
        var newest = available.Count == 0 ? null : $"GLIBCXX_{available[^1]}";
        try
        {
            return new(NativeLibrary.Load(layout.LibTorchSharp), null, stdcxx, newest, null);
        }
        catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX_", StringComparison.Ordinal))
        {
            var missing = PatchedGlue.MissingVersions(layout.LibTorchSharp, available);
            if (missing.Count != 1 || missing[0] != PatchedGlue.RelaxedVersion)
                throw LoadFailures.GlibcxxTooOld(missing, stdcxx, newest ?? "none", e);
            var patched = PatchedGlue.Prepare(layout.LibTorchSharp, layout.LibTorchDir, PatchedGlue.CacheRoot(environment));
            nint handle;
            try { handle = NativeLibrary.Load(patched); }
            catch (DllNotFoundException again) { throw LoadFailures.PatchedCopy(patched, again); }
            return new(handle, patched, stdcxx, newest,
                $"System libstdc++ stops at {newest ?? "none"}; TorchSharp's {NativeLayout.GlueFileName} asks for {PatchedGlue.RelaxedVersion} only for a " +
                $"marker symbol, so a copy with that requirement marked weak was loaded from {Path.GetDirectoryName(patched)}.");
        }
        catch (DllNotFoundException e)
        {
            throw LoadFailures.Glue(layout, e);
        }
    }
}

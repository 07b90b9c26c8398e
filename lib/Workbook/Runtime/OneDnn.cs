using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>
/// libtorch's switch for oneDNN (mkldnn), <c>at::globalContext().setUserEnabledMkldnn(bool)</c>, which TorchSharp 0.107
/// does not bind. With it off, CPU convolutions run libtorch's own im2col + GEMM code instead of oneDNN's kernels:
/// slower (the Keras CNN's step went from 208 to 299 ms, docs/performance.md), but a way around a wrong oneDNN kernel.
/// Called through the exported C++ symbols of the libtorch_cpu the runtime loaded.
/// </summary>
public static class OneDnn
{
    const string ContextSymbol = "_ZN2at13globalContextEv";
    const string SetSymbol = "_ZN2at7Context20setUserEnabledMkldnnEb";
    const string GetSymbol = "_ZNK2at7Context17userEnabledMkldnnEv";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate nint GlobalContext();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate void SetEnabled(nint context, byte enabled);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate byte GetEnabled(nint context);

    static readonly Lazy<(nint Context, SetEnabled Set, GetEnabled Get)?> Api = new(Bind);

    /// <summary>Whether this libtorch exports the switch (every libtorch 2.x on Linux does).</summary>
    public static bool IsAvailable => Api.Value is not null;

    /// <summary>Whether CPU convolutions may use oneDNN (libtorch's default: yes).</summary>
    public static bool Enabled
    {
        get => Api.Value is not { } api || api.Get(api.Context) != 0;
        set
        {
            var api = Api.Value ?? throw new NotSupportedException($"this libtorch does not export {SetSymbol}, so oneDNN cannot be turned off");
            api.Set(api.Context, value ? (byte)1 : (byte)0);
        }
    }

    /// <summary>Turns oneDNN off until the returned object is disposed.</summary>
    public static IDisposable Disable()
    {
        var before = Enabled;
        Enabled = false;
        return new Restore(() => Enabled = before);
    }

    sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    static (nint, SetEnabled, GetEnabled)? Bind()
    {
        var runtime = TorchRuntime.Initialize();
        var path = Path.Combine(runtime.LibTorchDir, "libtorch_cpu.so");
        if (!NativeLibrary.TryLoad(path, out var handle)) return null;
        if (!NativeLibrary.TryGetExport(handle, ContextSymbol, out var context)
            || !NativeLibrary.TryGetExport(handle, SetSymbol, out var set)
            || !NativeLibrary.TryGetExport(handle, GetSymbol, out var get)) return null;
        return (Marshal.GetDelegateForFunctionPointer<GlobalContext>(context)(),
            Marshal.GetDelegateForFunctionPointer<SetEnabled>(set), Marshal.GetDelegateForFunctionPointer<GetEnabled>(get));
    }
}

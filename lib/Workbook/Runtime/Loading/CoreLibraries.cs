using System.Runtime.InteropServices;

namespace Workbook.Runtime;

/// <summary>Loads libtorch's core libraries by full path, each one's dependencies first, so that nothing is found by name later.</summary>
static class CoreLibraries
{
    public const string TorchCpu = "libtorch_cpu.so";
    public const string TorchCuda = "libtorch_cuda.so";

    /// <summary>The loaded libraries by file name.</summary>
    /// <exception cref="TorchRuntimeException">Which one failed, why (its dependency walk), and the fix.</exception>
    public static IReadOnlyDictionary<string, LoadedCore> Load(NativeLayout layout)
    {
        var loaded = new Dictionary<string, LoadedCore>(StringComparer.Ordinal);
        foreach (var core in layout.CoreLibraries())
        {
            try { loaded[Path.GetFileName(core)] = new(core, NativeLibrary.Load(core)); }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException) { throw LoadFailures.Core(core, layout, e); }
        }
        return loaded;
    }
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace Workbook.Runtime;

/// <summary>
/// TorchSharp asks for "torch_cpu"/"torch_cuda" then "LibTorchSharp" by name. Answering with the handles loaded by full
/// path guarantees it gets exactly those files: a second copy of libtorch_cpu.so (say the app's own, while
/// WORKBOOK_LIBTORCH names another) would abort the process when its operators register twice.
/// </summary>
static class TorchSharpResolver
{
    public static void AnswerWith(IReadOnlyDictionary<string, LoadedCore> cores, nint glue) =>
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) => name switch
        {
            "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" => glue,
            "torch_cpu" or "libtorch_cpu" or "libtorch_cpu.so" => cores.GetValueOrDefault(CoreLibraries.TorchCpu)?.Handle ?? 0,
            "torch_cuda" or "libtorch_cuda" or "libtorch_cuda.so" => cores.GetValueOrDefault(CoreLibraries.TorchCuda)?.Handle ?? 0,
            _ => 0,
        });
}

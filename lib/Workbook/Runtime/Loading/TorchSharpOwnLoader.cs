using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Workbook.Runtime;

/// <summary>
/// Windows x64 and macOS arm64: the build restored that system's CPU libtorch, and TorchSharp's own loader finds it
/// beside the app (or in the NuGet cache, inside a notebook). The Linux fixes and tunings are left out: they patch an ELF
/// file, tune glibc's malloc and read /proc, none of which exists there. Tested only by the build's package choice
/// (tests/Workbook.Tests/Gpu/BackendSwitchTests.cs); see environment.md, "Student laptops".
/// </summary>
static class TorchSharpOwnLoader
{
    public static RuntimeReport Load(Stopwatch clock)
    {
        // Windows: walk the import tables and load every dependency, leaves first, before TorchSharp is asked. When
        // something is missing TorchSharp blames a missing package reference, copies ~478 MB of natives and retries, and
        // under Wine with MSVCP140 switched off it never returned (killed after 200 s); this check names the file in ~1 s.
        if (OperatingSystem.IsWindows())
        {
            var tree = TorchNatives.Tree().CheckByLoading();
            if (tree.Problems.Count > 0) throw TorchNatives.Explain(tree);
        }
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            // The natives and every dependency were found and loaded above, so the package is there: never say it is not.
            throw new TorchRuntimeException($"TorchSharp could not initialise libtorch on {RuntimeInformation.OSDescription}, although its natives and their dependencies were found.",
                "TorchSharp and libtorch must come from matching packages: do a clean restore (delete the torchsharp and libtorch-cpu-* folders under " +
                "~/.nuget/packages, then dotnet build Workbook.sln); see environment.md, 'Student laptops'.",
                (e.InnerException ?? e).Message.Split('\n')[0], e);
        }
        var loaded = MappedLibraries.Torch();
        var dir = loaded.Count > 0 ? Path.GetDirectoryName(loaded[0].Path)! : Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        return new RuntimeReport(BuildInfo.TorchSharpVersion, BuildInfo.LibTorchVersion, "cpu", "TorchSharp's loader", dir, loaded,
            false, null, null, null, [], clock.Elapsed.TotalSeconds, "TorchSharp's own loader (not probed)");
    }
}

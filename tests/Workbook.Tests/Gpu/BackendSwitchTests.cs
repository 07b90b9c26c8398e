using System.Text.Json;
using Workbook.Runtime;

namespace Workbook.Tests.Gpu;

/// <summary>The TorchBackend property picks the natives package, proven on the project evaluation: nothing is restored.</summary>
public class BackendSwitchTests
{
    static IReadOnlyList<string> PackageReferences(string backend)
    {
        var (exit, output, errors) = ChildProcess.Run("dotnet",
            ["msbuild", "lib/Workbook/Workbook.csproj", "-getItem:PackageReference", $"-p:TorchBackend={backend}", "-nologo"]);
        Assert.True(exit == 0, output + errors);
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)];
    }

    [Fact]
    public void Default_build_asks_for_cpu_natives_only()
    {
        var refs = PackageReferences("cpu");
        Assert.Contains("libtorch-cpu-linux-x64", refs);
        Assert.DoesNotContain("TorchSharp-cuda-linux", refs);
        Assert.Contains("TorchSharp", refs);
    }

    [Fact]
    public void Cuda_build_swaps_in_the_cuda_package()
    {
        var refs = PackageReferences("cuda");
        Assert.Contains("TorchSharp-cuda-linux", refs);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", refs);
    }

    [Fact]
    public void Bundle_build_carries_no_libtorch()
    {
        var refs = PackageReferences("none");
        Assert.DoesNotContain("TorchSharp-cuda-linux", refs);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", refs);
        Assert.Contains("TorchSharp", refs);
    }

    [Fact]
    public void Asking_for_cuda_on_a_cpu_build_says_how_to_build_for_the_gpu()
    {
        var runtime = TorchRuntime.Initialize();
        if (runtime.Backend == "cuda") return; // a CUDA build has nothing to refuse
        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Initialize("cuda"));
        Assert.Contains("TorchBackend=cuda", e.Fix);
        Assert.Same(runtime, TorchRuntime.Initialize("cpu"));
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;
using Workbook.Runtime;

namespace Workbook.Tests.Gpu;

/// <summary>
/// Student laptops: Windows x64 and macOS arm64 restore their own CPU libtorch. Those systems cannot run here, so the
/// package choice is proven on the project evaluation (nothing is restored), and the runtime's choice of loader as a
/// pure function of the system.
/// </summary>
public class LaptopPackagesTests
{
    static (int Exit, string Output) Evaluate(params string[] properties)
    {
        var (exit, output, errors) = ChildProcess.Run("dotnet",
            ["msbuild", "lib/Workbook/Workbook.csproj", "-getItem:PackageReference", "-getProperty:TorchNativeRid", "-nologo", .. properties.Select(p => $"-p:{p}")]);
        return (exit, output + errors);
    }

    static IReadOnlyList<string> Natives(params string[] properties)
    {
        var (exit, output) = Evaluate(properties);
        Assert.True(exit == 0, output);
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()!).Where(n => n.StartsWith("libtorch", StringComparison.Ordinal) || n.StartsWith("TorchSharp-", StringComparison.Ordinal))];
    }

    [Theory]
    [InlineData("win-x64", "libtorch-cpu-win-x64")]
    [InlineData("osx-arm64", "libtorch-cpu-osx-arm64")]
    [InlineData("linux-x64", "libtorch-cpu-linux-x64")]
    public void Building_for_a_system_restores_that_systems_cpu_libtorch_only(string rid, string package)
    {
        Assert.Equal([package], Natives($"RuntimeIdentifier={rid}"));
        Assert.Equal([package], Natives($"TorchNativeRid={rid}"));
    }

    [Fact]
    public void This_linux_build_machine_picks_the_linux_package_by_itself()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) return; // proven where it can be
        Assert.Equal(["libtorch-cpu-linux-x64"], Natives());
    }

    [Fact]
    public void The_cuda_build_is_unchanged_by_the_laptop_choice()
    {
        Assert.Equal(["TorchSharp-cuda-linux"], Natives("TorchBackend=cuda"));
    }

    [Fact]
    public void A_system_without_a_package_fails_the_build_with_the_supported_list()
    {
        var (exit, output, errors) = ChildProcess.Run("dotnet",
            ["msbuild", "lib/Workbook/Workbook.csproj", "-t:CheckTorchNativeRid", "-p:RuntimeIdentifier=osx-x64", "-nologo"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("No CPU libtorch package for osx-x64", output + errors);
        Assert.Contains("Linux x64, Windows x64 and macOS on Apple silicon", output + errors);
    }

    [Fact]
    public void The_runtime_applies_its_linux_fixes_on_linux_x64_only()
    {
        Assert.Equal(NativeLoading.LinuxWithFixes, RuntimePlatform.Of(OSPlatform.Linux, Architecture.X64));
        Assert.Equal(NativeLoading.TorchSharpLoader, RuntimePlatform.Of(OSPlatform.Windows, Architecture.X64));
        Assert.Equal(NativeLoading.TorchSharpLoader, RuntimePlatform.Of(OSPlatform.OSX, Architecture.Arm64));
        Assert.Equal(NativeLoading.Unsupported, RuntimePlatform.Of(OSPlatform.OSX, Architecture.X64));
        Assert.Equal(NativeLoading.Unsupported, RuntimePlatform.Of(OSPlatform.Linux, Architecture.Arm64));
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.Equal(NativeLoading.LinuxWithFixes, RuntimePlatform.Current);
    }
}

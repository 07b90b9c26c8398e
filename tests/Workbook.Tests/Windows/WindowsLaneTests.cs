using System.Text.RegularExpressions;
using Workbook.Benchmarks;
using Xunit.Abstractions;

namespace Workbook.Tests.Windows;

/// <summary>The collection shares one publish and one Wine prefix between the lane's tests.</summary>
[CollectionDefinition(Name)]
public sealed class WineLane : ICollectionFixture<Wine>
{
    public const string Name = "Windows lane (Wine)";
}

/// <summary>
/// The workbook as a Windows student runs it: `doctor` and `reproduce --quick` from a win-x64 publish, under Wine; then the
/// blog's missing-DLL hunt for real, with Wine's Visual C++ runtime switched off and with a libtorch DLL taken away.
/// </summary>
[Collection(WineLane.Name)]
public class WindowsLaneTests(Wine wine, ITestOutputHelper output)
{
    [SkippableFact]
    public void Doctor_under_wine_exits_0_and_prints_the_windows_dependency_tree()
    {
        Wine.RequireOrSkip();
        var (exit, text, seconds) = wine.Run(["doctor"]);
        output.WriteLine($"publish {wine.PublishSeconds:F0} s; doctor under Wine {seconds:F0} s");
        Assert.True(exit == 0, text);
        Has(text, "All good");
        Has(text, "torch_cpu.dll beside it");
        Has(text, "libiomp5md.dll beside it");
        Has(text, @"system (C:\windows\system32):");
        Has(text, "MSVCP140.dll");
        Assert.DoesNotContain("MISSING", text);
        // Under Wine the console has no box-drawing characters: the table's borders come out as other symbols.
        foreach (var model in new[] { "mlp", "cnn", "deep" })
            Assert.Matches($@"{model}\W+cpu\W+correct", text);
    }

    [SkippableFact]
    public void Reproduce_quick_under_wine_writes_results_that_read_back()
    {
        Wine.RequireOrSkip();
        using var scratch = new ScratchDir();
        // 7 min 44 s under Wine with the machine's 2 cores shared by other builds (load average 35-45); most of it the deep CNN.
        var (exit, text, seconds) = wine.Run(["reproduce", "--quick", "--devices", "cpu", "--data", Wine.WindowsPath(Repo.Mnist), "--out", Wine.WindowsPath(scratch.Path)],
            timeout: TimeSpan.FromMinutes(20));
        output.WriteLine($"reproduce --quick under Wine {seconds:F0} s");
        Assert.True(exit == 0, text);
        var results = ResultsStore.Load(scratch.Path);
        Assert.Contains("Windows", results.Environment.Os); // measured by the Windows build, not this machine's
        Assert.Equal(["cnn", "deep", "mlp"], results.Rows.Select(r => r.Model).Distinct().Order());
        Assert.All(results.Rows, r => Assert.Equal("cpu", r.Device));
        Assert.All(results.Rows, r => Assert.True(r.TestAccuracy is >= 0 and <= 1, $"{r.Model}: accuracy {r.TestAccuracy}"));
        // The deep CNN stays near chance (0.126 seen) after 2,000 images; the MLP learns (0.706 under Wine, as on Linux).
        Assert.True(results.Rows.Single(r => r.Model == "mlp").TestAccuracy > 0.5);
    }

    [SkippableFact]
    public void Without_the_visual_cpp_runtime_doctor_exits_1_naming_msvcp140_its_users_and_the_redistributable()
    {
        Wine.RequireOrSkip();
        _ = wine.Exe; // publish outside the bound below
        // msvcp140=d switches Wine's own MSVCP140 off: a Windows machine without the Visual C++ redistributable. Before
        // the walker, TorchSharp blamed a missing package reference and the process never exited (killed after 200 s);
        // the 60 s bound turns a hang into a failure.
        var (exit, text, seconds) = wine.Run(["doctor"], dllOverrides: "msvcp140=d", timeout: TimeSpan.FromSeconds(60));
        output.WriteLine($"doctor with msvcp140=d: exit {exit} after {seconds:F0} s");
        Assert.Equal(1, exit);
        Has(text, "MSVCP140.dll");
        Has(text, "which c10.dll and torch_cpu.dll need");
        Has(text, "Visual C++ 2015-2022 Redistributable");
        Has(text, "https://aka.ms/vs/17/release/vc_redist.x64.exe");
        Assert.DoesNotContain("doesn't contain a reference", text);
    }

    [SkippableFact]
    public void A_libtorch_dll_removed_from_the_app_folder_is_named_with_a_clean_restore()
    {
        Wine.RequireOrSkip();
        using var scratch = new ScratchDir();
        // The published folder again, every file linked except c10.dll (363 MB are not copied).
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(wine.Exe)!, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "c10.dll") continue;
            var link = Path.Combine(scratch.Path, Path.GetRelativePath(Wine.PublishDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, file);
        }
        var (exit, text, seconds) = wine.Run(["doctor"], timeout: TimeSpan.FromSeconds(60), exePath: Path.Combine(scratch.Path, "Workbook.Cli.exe"));
        output.WriteLine($"doctor without c10.dll: exit {exit} after {seconds:F0} s");
        Assert.Equal(1, exit);
        Has(text, "c10.dll is missing, which LibTorchSharp.dll and torch_cpu.dll need");
        Has(text, "clean restore");
        Assert.DoesNotContain("doesn't contain a reference", text);
    }

    /// <summary>Spectre wraps redirected output at 80 columns (COLUMNS is not read under Wine), even inside a path or URL:
    /// compare with all whitespace taken out.</summary>
    static void Has(string output, string expected) =>
        Assert.Contains(Regex.Replace(expected, @"\s+", ""), Regex.Replace(output, @"\s+", ""));
}

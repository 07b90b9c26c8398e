using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

public class NativeLayoutTests
{
    static NativeLayout ResolveWith(string? libtorch) =>
        NativeLayout.Resolve(name => name == NativeLayout.LibTorchVariable ? libtorch : null, [AppContext.BaseDirectory], null);

    static string FakeLibTorch(ScratchDir scratch, string? versionFile, string? content, bool cuda = false)
    {
        var lib = Directory.CreateDirectory(scratch.File("torch/lib")).FullName;
        File.WriteAllText(Path.Combine(lib, "libtorch_cpu.so"), "");
        if (cuda) File.WriteAllText(Path.Combine(lib, "libtorch_cuda.so"), "");
        if (versionFile is not null) File.WriteAllText(scratch.File($"torch/{versionFile}"), content);
        return lib;
    }

    [Fact]
    public void Default_layout_is_the_build_output()
    {
        var layout = ResolveWith(null);
        Assert.Equal("cpu", layout.Backend);
        Assert.Equal("build output", layout.Source);
        Assert.True(File.Exists(Path.Combine(layout.LibTorchDir, "libtorch_cpu.so")));
    }

    [Fact]
    public void In_a_notebook_kernel_the_natives_come_from_the_NuGet_cache()
    {
        // A kernel loads TorchSharp.dll from the NuGet cache: no natives beside it, the packages' folders instead.
        using var scratch = new ScratchDir();
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var layout = NativeLayout.Resolve(_ => null, [scratch.Path], nuget);
        Assert.Equal("NuGet cache", layout.Source);
        Assert.StartsWith(Path.Combine(nuget, "torchsharp", "0.107.0"), layout.LibTorchSharp);
        Assert.StartsWith(Path.Combine(nuget, "libtorch-cpu-linux-x64", "2.10.0"), layout.LibTorchDir);
    }

    [Fact]
    public void Nothing_built_and_nothing_cached_says_to_build()
    {
        using var scratch = new ScratchDir();
        var e = Assert.Throws<TorchRuntimeException>(() => NativeLayout.Resolve(_ => null, [scratch.Path], scratch.File("no-cache")));
        Assert.Contains("dotnet build Workbook.sln", e.Fix);
    }

    [Fact]
    public void Missing_user_folder_is_refused_with_the_fix()
    {
        var e = Assert.Throws<TorchRuntimeException>(() => ResolveWith("/nonexistent/torch/lib"));
        Assert.Contains("WORKBOOK_LIBTORCH", e.Problem);
        Assert.Contains("does not exist", e.Problem);
        Assert.Contains("torch/lib", e.Fix);
    }

    [Fact]
    public void Folder_without_libtorch_is_refused()
    {
        using var scratch = new ScratchDir();
        var e = Assert.Throws<TorchRuntimeException>(() => ResolveWith(scratch.Path));
        Assert.Contains("holds no libtorch_cpu.so", e.Problem);
    }

    [Fact]
    public void Version_mismatch_is_refused_naming_both_versions()
    {
        using var scratch = new ScratchDir();
        var lib = FakeLibTorch(scratch, "build-version", "2.9.1+cpu\n");
        var e = Assert.Throws<TorchRuntimeException>(() => ResolveWith(lib));
        Assert.Contains("2.9.1+cpu", e.Problem);
        Assert.Contains("2.10.0", e.Problem);
        Assert.Contains("pip install torch==2.10.0", e.Fix);
    }

    [Fact]
    public void Unknown_version_is_refused()
    {
        using var scratch = new ScratchDir();
        var e = Assert.Throws<TorchRuntimeException>(() => ResolveWith(FakeLibTorch(scratch, null, null)));
        Assert.Contains("does not say which version", e.Problem);
    }

    [Fact]
    public void Matching_pytorch_install_is_accepted_with_its_backend()
    {
        using var scratch = new ScratchDir();
        var lib = FakeLibTorch(scratch, "version.py", "__version__ = '2.10.0+cu128'\ngit_version = 'abc'\n", cuda: true);
        var layout = ResolveWith(lib);
        Assert.Equal("cuda", layout.Backend);
        Assert.Equal("2.10.0+cu128", layout.LibTorchVersion);
        Assert.Equal(NativeLayout.LibTorchVariable, layout.Source);
    }
}

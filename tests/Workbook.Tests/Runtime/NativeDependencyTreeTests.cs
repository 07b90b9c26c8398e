using System.Text;
using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>The missing-DLL hunt on the real natives: as shipped, then with a file taken away or an import renamed.</summary>
public class NativeDependencyTreeTests
{
    static readonly NativeSearch Linux = new(NativeFormat.Linux, [], [], NativeSearch.LinuxSystemDirs());

    [Fact]
    public void Windows_natives_as_shipped_need_only_Windows_and_the_visual_cpp_runtime()
    {
        var tree = NativeDependencyTree.Walk(WindowsNatives.Glue, NativeSearch.WindowsFiles(WindowsNatives.LibTorchDir));
        Assert.Empty(tree.Problems);
        var text = string.Join('\n', tree.Render());
        Assert.Contains("torch_cpu.dll  application folder", text);
        Assert.Contains("MSVCP140.dll  Visual C++ 2015-2022 Redistributable", text);
        Assert.Contains("API sets api-ms-win-crt-*", text);
        var order = tree.LoadOrder().Select(n => n.Name).ToList();
        Assert.True(order.IndexOf("c10.dll") < order.IndexOf("torch_cpu.dll"), "c10.dll loads before torch_cpu.dll, which needs it");
        Assert.Equal("LibTorchSharp.dll", order[^1]);
    }

    [Fact]
    public void A_removed_c10_dll_is_named_with_every_library_that_needs_it_and_a_clean_restore()
    {
        using var scratch = new ScratchDir();
        var dir = WindowsNatives.Folder(scratch, remove: "c10.dll");
        var tree = NativeDependencyTree.Walk(Path.Combine(dir, "LibTorchSharp.dll"), NativeSearch.WindowsFiles(dir));
        var problem = Assert.Single(tree.Problems);
        Assert.Equal("c10.dll", problem.File);
        Assert.Equal(["LibTorchSharp.dll", "torch_cpu.dll"], problem.NeededBy.Order());
        Assert.Contains("clean restore", problem.Fix);
        Assert.Contains("libtorch-cpu-win-x64", problem.Fix);
        Assert.Contains(tree.Render(), l => l.Contains("c10.dll  MISSING"));
    }

    [Fact]
    public void A_renamed_import_is_reported_as_a_function_the_dependency_lacks()
    {
        using var scratch = new ScratchDir();
        var dir = WindowsNatives.Folder(scratch);
        var glue = Path.Combine(dir, "LibTorchSharp.dll");
        var function = PeImage.Imports(glue).Single(i => i.Dll == "torch_cpu.dll").Functions.First(f => !f.StartsWith('#'));
        var renamed = "X" + function[1..];
        var bytes = File.ReadAllBytes(glue);
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(function + "\0"));
        Assert.True(at > 0);
        bytes[at] = (byte)'X';
        File.WriteAllBytes(glue, bytes);

        var problem = Assert.Single(NativeDependencyTree.Walk(glue, NativeSearch.WindowsFiles(dir)).Problems);
        Assert.Equal("torch_cpu.dll", problem.File);
        Assert.Contains(renamed, problem.What);
        Assert.Contains("0x8007007F", problem.What);
    }

    [Fact]
    public void A_missing_visual_cpp_runtime_on_a_windows_machine_names_the_redistributable()
    {
        // A stand-in Windows folder that has the system DLLs but not MSVCP140.dll: a machine without the redistributable.
        using var scratch = new ScratchDir();
        var system32 = Directory.CreateDirectory(scratch.File("system32")).FullName;
        foreach (var dll in new[] { "KERNEL32.dll", "VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "ole32.dll", "WS2_32.dll", "dbghelp.dll", "ADVAPI32.dll", "WINTRUST.dll", "imagehlp.dll" })
            File.WriteAllText(Path.Combine(system32, dll), "");
        var tree = NativeDependencyTree.Walk(WindowsNatives.Glue, new NativeSearch(NativeFormat.Windows, [WindowsNatives.LibTorchDir], [], [system32]));
        var problem = Assert.Single(tree.Problems);
        Assert.Equal("MSVCP140.dll", problem.File);
        Assert.Equal(["c10.dll", "torch_cpu.dll"], problem.NeededBy.Order());
        Assert.Contains("Visual C++ 2015-2022 Redistributable", problem.Fix);
        Assert.Contains(MissingDependencyAdvice.VcRedistUrl, problem.Fix);
    }

    [Fact]
    public void A_truncated_dependency_is_reported_as_damaged_not_thrown()
    {
        using var scratch = new ScratchDir();
        var dir = WindowsNatives.Folder(scratch, remove: "c10.dll");
        File.WriteAllBytes(Path.Combine(dir, "c10.dll"), File.ReadAllBytes(WindowsNatives.File("c10.dll"))[..2048]);
        var tree = NativeDependencyTree.Walk(Path.Combine(dir, "LibTorchSharp.dll"), NativeSearch.WindowsFiles(dir));
        var problem = Assert.Single(tree.Problems, p => p.File == "c10.dll");
        Assert.Contains("damaged", problem.What);
        Assert.Contains("clean restore", problem.Fix);
    }

    [Fact]
    public void Linux_natives_resolve_through_RUNPATH_and_the_system_folders()
    {
        var tree = NativeDependencyTree.Walk(Path.Combine(LibTorchFarm.NativeDir, "libtorch_cpu.so"), Linux);
        Assert.Empty(tree.Problems);
        var text = string.Join('\n', tree.Render());
        Assert.Contains("libc10.so  beside it (RUNPATH $ORIGIN)", text);
        Assert.Matches(@"libgomp-\w+\.so\.1  beside it", text);
        Assert.Contains("libstdc++.so.6", text);
    }

    [Fact]
    public void The_shipped_glue_lacks_GLIBCXX_3_4_32_exactly_when_the_system_libstdcxx_does()
    {
        var tree = NativeDependencyTree.Walk(LibTorchFarm.PrebuiltGlue, Linux);
        var lacks = !SystemLibStdCxx.Versions(SystemLibStdCxx.Locate()!).Contains(new Version(3, 4, 32));
        Assert.Equal(lacks, tree.Problems.Any(p => p.File == "libstdc++.so.6" && p.What.Contains("GLIBCXX_3.4.32")));
    }

    [Fact]
    public void A_removed_libc10_so_is_named_with_the_libraries_that_need_it()
    {
        using var scratch = new ScratchDir();
        var lib = LibTorchFarm.Make(scratch, "2.10.0", remove: "libc10.so");
        var glue = Path.Combine(lib, "libLibTorchSharp.so");
        File.Copy(LibTorchFarm.PrebuiltGlue, glue);
        var problem = Assert.Single(NativeDependencyTree.Walk(glue, Linux).Problems, p => p.File == "libc10.so");
        Assert.Contains("libLibTorchSharp.so", problem.NeededBy);
        Assert.Contains("libtorch_cpu.so", problem.NeededBy);
        Assert.Contains("clean restore", problem.Fix);
    }
}

/// <summary>The damaged copies notebook 00 makes: the blog's two DLLs named in a copy of c10.dll's import table.</summary>
public class NativeLabTests
{
    [Fact]
    public void C10_renamed_to_need_the_blogs_cudart_and_zlib_dlls_is_explained_with_their_providers()
    {
        var copy = NativeLab.WithRenamedImports(WindowsNatives.File("c10.dll"), ("VCRUNTIME140.dll", "cudart64_110.dll"), ("MSVCP140.dll", "zlibwapi.dll"));
        try
        {
            var problems = NativeDependencyTree.Walk(copy, NativeSearch.WindowsFiles(WindowsNatives.LibTorchDir)).Problems;
            Assert.Equal(["cudart64_110.dll", "zlibwapi.dll"], problems.Select(p => p.File).Order());
            Assert.Contains("CUDA 11.0-11.x", problems.Single(p => p.File == "cudart64_110.dll").Fix);
            Assert.Contains("cuDNN 8", problems.Single(p => p.File == "zlibwapi.dll").Fix);
            Assert.Throws<ArgumentException>(() => NativeLab.WithRenamedImports(WindowsNatives.File("c10.dll"), ("MSVCP140.dll", "cudart64_110.dll")));
        }
        finally { Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true); }
    }

    [Fact]
    public void A_folder_without_one_library_links_the_rest()
    {
        var lab = NativeLab.Without(LibTorchFarm.NativeDir, "libc10.so");
        try
        {
            Assert.False(File.Exists(Path.Combine(lab, "libc10.so")));
            Assert.True(File.Exists(Path.Combine(lab, "libtorch_cpu.so")));
        }
        finally { Directory.Delete(lab, recursive: true); }
    }
}

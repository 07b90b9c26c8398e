using System.Text;
using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>The import and export tables of the real Windows natives, and damaged copies the tests make.</summary>
public class PeImageTests
{
    [Fact]
    public void Torch_cpu_imports_the_visual_cpp_runtime_and_its_package_siblings()
    {
        var dlls = PeImage.Imports(WindowsNatives.File("torch_cpu.dll")).Select(i => i.Dll).ToList();
        foreach (var dll in new[] { "c10.dll", "libiomp5md.dll", "MSVCP140.dll", "VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "KERNEL32.dll" })
            Assert.Contains(dll, dlls, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_function_LibTorchSharp_takes_from_c10_and_torch_cpu_is_exported_by_them()
    {
        var imports = PeImage.Imports(WindowsNatives.Glue);
        var fromTorch = imports.Where(i => i.Dll is "c10.dll" or "torch_cpu.dll").ToList();
        Assert.Equal(2, fromTorch.Count);
        // objdump -p counts 1,827 imports from the two (FACTS.md); the parser must agree.
        Assert.Equal(1827, fromTorch.Sum(i => i.Functions.Count));
        foreach (var i in fromTorch)
        {
            var exports = PeImage.Exports(WindowsNatives.File(i.Dll));
            Assert.DoesNotContain(i.Functions, f => !exports.Contains(f));
        }
    }

    [Fact]
    public void A_truncated_dll_is_rejected_with_the_file_and_offset_named()
    {
        using var scratch = new ScratchDir();
        var bytes = File.ReadAllBytes(WindowsNatives.Glue);
        var cut = scratch.File("LibTorchSharp.dll");
        File.WriteAllBytes(cut, bytes[..4096]); // headers survive, the sections do not
        var e = Assert.Throws<InvalidDataException>(() => PeImage.Imports(cut));
        Assert.Contains(cut, e.Message);
        Assert.Contains("truncated or malformed", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MZ")]
    [InlineData("MZ this is not a portable executable, only text that starts like one ...............................")]
    [InlineData("ELF? no, just text")]
    public void Garbage_is_rejected_not_crashed_on(string content)
    {
        using var scratch = new ScratchDir();
        var file = scratch.File("garbage.dll");
        File.WriteAllBytes(file, Encoding.ASCII.GetBytes(content));
        var e = Assert.Throws<InvalidDataException>(() => PeImage.Imports(file));
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void An_import_table_without_an_end_marker_is_rejected()
    {
        using var scratch = new ScratchDir();
        var bytes = File.ReadAllBytes(WindowsNatives.Glue);
        // Fill the import directory and everything after it with 0x41: descriptors that never end and point nowhere.
        var headers = new System.Reflection.PortableExecutable.PEHeaders(new MemoryStream(bytes));
        var rva = headers.PEHeader!.ImportTableDirectory.RelativeVirtualAddress;
        Assert.True(headers.TryGetDirectoryOffset(headers.PEHeader.ImportTableDirectory, out var offset));
        Assert.NotEqual(0, rva);
        bytes.AsSpan(offset).Fill(0x41);
        var damaged = scratch.File("LibTorchSharp.dll");
        File.WriteAllBytes(damaged, bytes);
        var e = Assert.Throws<InvalidDataException>(() => PeImage.Imports(damaged));
        Assert.Contains("truncated or malformed", e.Message);
    }
}

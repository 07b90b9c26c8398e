using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>DT_NEEDED, RUNPATH and version needs of the real Linux natives this build restored, and damaged copies.</summary>
public class ElfNeedsTests
{
    [Fact]
    public void The_glue_needs_libtorch_beside_it_and_GLIBCXX_3_4_32_from_libstdcxx()
    {
        var needs = ElfNeeds.Read(LibTorchFarm.PrebuiltGlue);
        foreach (var so in new[] { "libtorch.so", "libc10.so", "libtorch_cpu.so", "libstdc++.so.6", "libc.so.6" })
            Assert.Contains(so, needs.Needed);
        // $ORIGIN/ first, then folders of TorchSharp's build machine that do not exist here.
        Assert.Equal("$ORIGIN/", needs.RunPath[0]);
        Assert.Contains(needs.Versions, v => v is { File: "libstdc++.so.6", Version: "GLIBCXX_3.4.32", Weak: false });
        // The same reading as the section-based reader the GLIBCXX fix uses.
        var bySections = ElfVersionNeeds.Read(File.ReadAllBytes(LibTorchFarm.PrebuiltGlue));
        Assert.Equal(bySections.Select(r => (r.File, r.Version)).Order(), needs.Versions.Select(v => (v.File, v.Version)).Order());
    }

    [Fact]
    public void Libtorch_cpu_needs_its_bundled_openmp_and_the_system_libstdcxx_defines_its_versions()
    {
        var cpu = ElfNeeds.Read(Path.Combine(LibTorchFarm.NativeDir, "libtorch_cpu.so"));
        Assert.Contains(cpu.Needed, n => n.StartsWith("libgomp-", StringComparison.Ordinal));
        var stdcxx = SystemLibStdCxx.Locate()!;
        var defines = ElfNeeds.Read(stdcxx).Defines;
        Assert.Contains("GLIBCXX_3.4", defines);
        Assert.Equal(SystemLibStdCxx.Newest(), defines.Where(d => d.StartsWith("GLIBCXX_3", StringComparison.Ordinal)).MaxBy(d => Version.Parse(d["GLIBCXX_".Length..])));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(4096)]
    public void A_truncated_library_is_rejected(int keep)
    {
        using var scratch = new ScratchDir();
        var cut = scratch.File("libLibTorchSharp.so");
        File.WriteAllBytes(cut, File.ReadAllBytes(LibTorchFarm.PrebuiltGlue)[..keep]);
        var e = Assert.Throws<InvalidDataException>(() => ElfNeeds.Read(cut));
        Assert.Contains(cut, e.Message);
    }

    [Fact]
    public void Garbage_is_rejected()
    {
        using var scratch = new ScratchDir();
        var file = scratch.File("libgarbage.so");
        File.WriteAllText(file, "\u007fELF but then nothing an ELF file should have ......................................................");
        Assert.Throws<InvalidDataException>(() => ElfNeeds.Read(file));
        File.WriteAllText(file, "plain text");
        Assert.Throws<InvalidDataException>(() => ElfNeeds.Read(file));
    }
}

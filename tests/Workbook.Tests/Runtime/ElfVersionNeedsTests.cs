using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

public class ElfVersionNeedsTests
{
    static byte[] ShippedGlue()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLayout.GlueFileName);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Shipped_glue_library_requires_GLIBCXX_3_4_32_strongly()
    {
        var needs = ElfVersionNeeds.Read(ShippedGlue());
        var r = Assert.Single(needs, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", r.File);
        Assert.False(r.Weak);
        Assert.Contains(needs, n => n.Version == "GLIBC_2.2.5" && n.File == "libc.so.6");
    }

    [Fact]
    public void MarkWeak_flips_only_the_named_requirement()
    {
        var bytes = ShippedGlue();
        var before = ElfVersionNeeds.Read(bytes);
        Assert.True(ElfVersionNeeds.MarkWeak(bytes, "GLIBCXX_3.4.32"));
        var after = ElfVersionNeeds.Read(bytes);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Version == "GLIBCXX_3.4.32" || before[i].Weak, after[i].Weak);
        Assert.False(ElfVersionNeeds.MarkWeak(bytes, "GLIBCXX_9.9.9"));
    }

    [Fact]
    public void Non_ELF_input_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("not an elf file at all, just text....................................."u8.ToArray()));
    }

    [Fact]
    public void Missing_versions_are_those_the_system_lacks()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLayout.GlueFileName);
        Assert.Equal(["GLIBCXX_3.4.32"], PatchedGlue.MissingVersions(path, [new Version(3, 4), .. Enumerable.Range(1, 30).Select(p => new Version(3, 4, p))]));
        Assert.Empty(PatchedGlue.MissingVersions(path, [new Version(3, 4), .. Enumerable.Range(1, 33).Select(p => new Version(3, 4, p))]));
        Assert.Contains("GLIBCXX_3.4.30", PatchedGlue.MissingVersions(path, [new Version(3, 4), .. Enumerable.Range(1, 28).Select(p => new Version(3, 4, p))]));
    }
}

using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>The GLIBCXX fix patches only the glue library it was verified on.</summary>
public class PatchedGlueTests
{
    static string ShippedGlue => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLayout.GlueFileName);

    [Fact]
    public void The_shipped_glue_is_the_verified_one()
    {
        Assert.Equal(PatchedGlue.VerifiedGlueSha256, PatchedGlue.EnsureVerified(ShippedGlue, File.ReadAllBytes(ShippedGlue)));
    }

    [Fact]
    public void Any_other_glue_is_refused_with_the_reason_and_the_fix_and_nothing_is_written()
    {
        using var scratch = new ScratchDir();
        // One byte changed in an otherwise identical file: it still needs GLIBCXX_3.4.32, but it is not what was verified.
        var bytes = File.ReadAllBytes(ShippedGlue);
        bytes[^1] ^= 0xff;
        var other = scratch.File(NativeLayout.GlueFileName);
        File.WriteAllBytes(other, bytes);
        Assert.Contains(ElfVersionNeeds.Read(bytes), r => r.Version == PatchedGlue.RelaxedVersion && !r.Weak);

        var libtorch = Directory.CreateDirectory(scratch.File("libtorch")).FullName;
        var cache = scratch.File("cache");
        var e = Assert.Throws<TorchRuntimeException>(() => PatchedGlue.Prepare(other, libtorch, cache));
        Assert.Contains(other, e.Problem);
        Assert.Contains(PatchedGlue.VerifiedGlueSha256, e.Problem);
        Assert.Contains("TorchSharp 0.107.0", e.Problem);
        Assert.Contains("GCC 13", e.Fix);
        Assert.False(Directory.Exists(cache));
    }
}

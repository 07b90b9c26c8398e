using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Initialize_is_idempotent_and_reports_what_it_loaded()
    {
        var first = TorchRuntime.Initialize();
        var second = TorchRuntime.Initialize();
        Assert.Same(first, second);
        Assert.Equal("0.107.0", first.TorchSharpVersion);
        Assert.Equal("2.10.0", first.LibTorchVersion);
        Assert.Contains(first.Loaded, l => l.Name == "libLibTorchSharp.so");
        Assert.Contains(first.Loaded, l => l.Name == "libtorch_cpu.so");
        // Exactly one copy of libtorch_cpu is mapped, from the folder the report names.
        Assert.Equal(first.LibTorchDir, Path.GetDirectoryName(first.Loaded.Single(l => l.Name == "libtorch_cpu.so").Path));
    }

    [Fact]
    public void Compatibility_fix_is_applied_exactly_when_the_system_lacks_GLIBCXX_3_4_32()
    {
        var report = TorchRuntime.Initialize();
        var path = SystemLibStdCxx.Locate();
        Assert.NotNull(path);
        var lacks = !SystemLibStdCxx.Versions(path).Contains(new Version(3, 4, 32));
        Assert.Equal(lacks, report.CompatibilityFixApplied);
        if (lacks)
        {
            var glue = report.Loaded.Single(l => l.Name == "libLibTorchSharp.so").Path;
            Assert.Equal(report.PatchedLibrary, glue);
            Assert.Contains(ElfVersionNeeds.Read(File.ReadAllBytes(glue)), r => r.Version == "GLIBCXX_3.4.32" && r.Weak);
        }
    }

    [Fact]
    public void Conv2d_forward_and_backward_match_values_computed_by_hand()
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        var x = arange(1f, 10f).reshape(1, 1, 3, 3).requires_grad_();
        var w = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2).requires_grad_();
        var b = tensor(new float[] { 0.5f }).requires_grad_();

        var y = nn.functional.conv2d(x, w, b);
        y.sum().backward();

        // y[i,j] = sum_ab x[i+a, j+b] w[a,b] + 0.5
        Assert.Equal(new float[] { 37.5f, 47.5f, 67.5f, 77.5f }, y.data<float>().ToArray());
        // dL/dw[a,b] = sum of the 2x2 window of x shifted by (a,b); dL/db = number of outputs
        Assert.Equal(new float[] { 12, 16, 24, 28 }, w.grad!.data<float>().ToArray());
        Assert.Equal(4f, b.grad!.item<float>());
        // dL/dx: each input collects the weights of the windows covering it
        Assert.Equal(new float[] { 1, 3, 2, 4, 10, 6, 3, 7, 4 }, x.grad!.data<float>().ToArray());
    }
}

using Workbook.Cli;

namespace Workbook.Tests.Cli;

/// <summary>Which load failures the command line reports as "TorchSharp's native code did not load" (and sends to doctor).</summary>
public class TorchLoadErrorTests
{
    [Fact]
    public void A_torchsharp_type_that_failed_to_initialise_is_torchs_by_its_type_name()
    {
        var e = new TypeInitializationException("TorchSharp.torch", new InvalidOperationException("anything"));
        Assert.True(WorkbookApp.IsTorch(e));
        Assert.False(WorkbookApp.IsTorch(new TypeInitializationException("Workbook.Devices.CpuInfo", new InvalidOperationException("TorchSharp"))));
    }

    [Fact]
    public void A_missing_native_library_is_torchs_when_the_loader_names_a_torch_library()
    {
        Assert.True(WorkbookApp.IsTorch(new DllNotFoundException("Unable to load shared library 'LibTorchSharp' or one of its dependencies.")));
        Assert.True(WorkbookApp.IsTorch(new InvalidOperationException("wrapped", new DllNotFoundException("libtorch_cpu.so: cannot open shared object file"))));
        Assert.False(WorkbookApp.IsTorch(new DllNotFoundException("Unable to load shared library 'libnvidia-ml.so.1'")));
        Assert.False(WorkbookApp.IsTorch(new InvalidOperationException("LibTorchSharp"))); // the text of any other exception is not read
    }
}

using Workbook.Devices;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Devices;

public class UsableCheckTests
{
    public UsableCheckTests() => TorchRuntime.Initialize();

    [Fact]
    public void The_cpu_runs_kernels_and_copies_at_a_measured_speed()
    {
        var check = UsableCheck.Run(CPU);
        Assert.True(check.Usable, check.Reason);
        Assert.True(check.HostToDeviceGBps > 0);
    }

    [Fact]
    public void A_device_that_throws_is_not_usable_and_says_why()
    {
        var check = UsableCheck.Run(CPU, tamper: _ => throw new InvalidOperationException("CUDA error: no kernel image is available for execution on the device"));
        Assert.False(check.Usable);
        Assert.Contains("no kernel image", check.Reason);
    }

    [Fact]
    public void Without_a_gpu_the_report_explains_the_absence()
    {
        var report = DeviceReport.Detect();
        Assert.Equal("cpu", report.UsableDevices[0]);
        Assert.True(report.Cpu.LogicalCores >= 1);
        if (!report.CudaAvailable) Assert.False(string.IsNullOrWhiteSpace(report.GpuAbsence));
    }
}

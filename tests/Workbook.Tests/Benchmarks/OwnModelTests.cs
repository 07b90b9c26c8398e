using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Tests.Data;
using Workbook.Tests.Gate;

namespace Workbook.Tests.Benchmarks;

[Collection(SerialTorch.Name)]
public class OwnModelTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    static readonly DeviceReport Devices = DeviceReport.Detect();

    [Fact]
    public void A_users_lenet_is_timed_on_every_device_with_flops_counted_through_its_nested_layers()
    {
        using var scratch = new ScratchDir();
        var rows = OwnModel.Time("lenet", () => LeNet.Create(), fixture.Mnist, Devices, trainLimit: 512, testLimit: 200, outDir: scratch.Path);

        var cpu = Assert.Single(rows, r => r.Device == "cpu");
        Assert.Equal(StatusKind.Ok, cpu.Status.Kind);
        Assert.Equal(61_706, cpu.Parameters);
        Assert.True(cpu.EpochSeconds > 0 && cpu.TestAccuracy > 0);
        // conv1 235,200 + conv2 480,000 + the three dense layers 117,840 FLOPs forward, x3 for a training step.
        Assert.Equal(3 * 833_040 * 512 / cpu.EpochSeconds!.Value / 1e9, cpu.GflopsPerSecond!.Value, 6);
        Assert.Equal(rows.Count, ResultsStore.Load(scratch.Path).Rows.Count);
        // The student's Sequential got the zoo's rewrites where its layers have their patterns, and its row says so.
        Assert.Contains($"{ReluAfterPooling.Name} (relu1, relu2)", cpu.SpeedUps);
        Assert.Contains($"{BiasAfterPooling.Name} (conv1, conv2)", cpu.SpeedUps);
        Assert.Contains($"{KerasOrderFlatten.Name} (flatten)", cpu.SpeedUps);
        if (!Devices.CudaAvailable) Assert.All(rows.Where(r => r.Device != "cpu"), r => Assert.Equal(StatusKind.Skipped, r.Status.Kind));
    }

    [Fact]
    public void A_wrapped_network_keeps_its_layout_and_counts_nested_flops()
    {
        using var model = WorkbookModel.Wrap("lenet", LeNet.Create());
        Assert.Equal(833_040, model.ForwardFlopsPerSample);
        Assert.Equal(5, model.WeightLayers);
        Assert.False(ChannelsLast.IsApplied(model));
        Assert.Equal([10L], model.Layers[^1].OutputShape);
    }
}

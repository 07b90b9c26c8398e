using System.Runtime.InteropServices;
using System.Text.Json;
using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Tests.Data;

namespace Workbook.Tests.Benchmarks;

[Collection(SerialTorch.Name)]
public class BenchmarkRunnerTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    static readonly DeviceReport Devices = DeviceReport.Detect();

    static BenchmarkPlan Tiny(params string[] models) => new()
    {
        Models = models,
        Devices = ["cpu", "cuda"],
        TrainLimit = 256,
        TestLimit = 200,
        CpuEpochBudgetSeconds = null,
    };

    [Fact]
    public void Rows_follow_the_schema_and_are_saved_as_csv_and_json()
    {
        using var scratch = new ScratchDir();
        var store = new ResultsStore(scratch.Path, EnvironmentFingerprint.Capture(Devices));
        var rows = BenchmarkRunner.Run(Tiny("mlp", "cnn"), fixture.Mnist, Devices, store);

        var cpu = rows.Where(r => r.Device == "cpu").ToList();
        Assert.Equal(["mlp", "cnn"], cpu.Select(r => r.Model));
        Assert.All(cpu, r =>
        {
            Assert.Equal(RowStatus.Ok, r.Status);
            Assert.Equal(1.0, r.Speedup);
            Assert.True(r.EpochSeconds > 0 && r.SamplesPerSecond > 0 && r.GflopsPerSecond > 0 && r.WarmupSeconds > 0);
            Assert.InRange(r.TestAccuracy!.Value, 0, 1);
            Assert.Equal(256, r.TrainImages);
            Assert.Equal("float32", r.Precision);
            // Every timed step is on the clock (a CPU reads each one): 256 images at the plan's batch size.
            Assert.Equal((int)Math.Ceiling(256.0 / r.BatchSize), r.StepMs!.Count);
            Assert.True(r.StepMs.Low <= r.StepMs.Median && r.StepMs.Median <= r.StepMs.High, $"{r.StepMs}");
        });
        if (!Devices.CudaAvailable)
            Assert.All(rows.Where(r => r.Device != "cpu"), r => Assert.Equal(StatusKind.Skipped, r.Status.Kind));

        var header = File.ReadLines(Path.Combine(scratch.Path, ResultsStore.CsvFile)).First();
        Assert.Equal("model,device,device name,batch size,epochs,placement,train images,warm-up s,epoch s,total s,samples/s,step ms,step ms IQR,steps timed,speedup,test accuracy,parameters,GFLOP/s,precision,speed-ups,status", header);
        var saved = ResultsStore.Load(scratch.Path);
        Assert.Equal(rows.Count, saved.Rows.Count);
        Assert.Equal(rows.Select(r => r.StepMs), saved.Rows.Select(r => r.StepMs));
        // Each row says what the speed-ups did to its model before it was checked and timed, and keeps it on disk.
        Assert.Contains(Workbook.Models.ChannelsLast.Name, rows.Single(r => r.Model == "cnn" && r.Device == "cpu").SpeedUps);
        Assert.Equal(rows.Select(r => r.SpeedUps), saved.Rows.Select(r => r.SpeedUps));
        Assert.Equal(Devices.Cpu.Model, saved.Environment.Cpu);
        Assert.Equal("0.107.0", saved.Environment.TorchSharp);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch.Path, ResultsStore.JsonFile)));
        Assert.Equal(1_199_882, json.RootElement.GetProperty("rows")[1].GetProperty("parameters").GetInt64());
    }

    [Fact]
    public void A_run_cancelled_mid_plan_keeps_its_finished_rows_on_disk()
    {
        using var scratch = new ScratchDir();
        using var cancel = new CancellationTokenSource();
        var store = new ResultsStore(scratch.Path, EnvironmentFingerprint.Capture(Devices));
        Assert.ThrowsAny<OperationCanceledException>(() => BenchmarkRunner.Run(Tiny("mlp", "cnn", "deep"), fixture.Mnist, Devices, store,
            cancel: cancel.Token, beforeEach: e => { if (e.Model == "cnn") cancel.Cancel(); }));
        var saved = ResultsStore.Load(scratch.Path);
        Assert.Equal("mlp", Assert.Single(saved.Rows).Model);
        Assert.Empty(Directory.GetFiles(scratch.Path, "*.tmp"));
    }

    [Fact]
    public void Out_of_memory_becomes_a_row_and_the_plan_goes_on()
    {
        using var scratch = new ScratchDir();
        var store = new ResultsStore(scratch.Path, EnvironmentFingerprint.Capture(Devices));
        var rows = BenchmarkRunner.Run(Tiny("cnn", "mlp") with { Devices = ["cpu"] }, fixture.Mnist, Devices, store, beforeEach: e =>
        {
            if (e.Model == "cnn") throw new ExternalException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)");
        });
        Assert.Equal(RowStatus.OutOfMemory, rows[0].Status);
        Assert.Contains("Tried to allocate", rows[0].Message);
        Assert.Null(rows[0].EpochSeconds);
        Assert.Equal(RowStatus.Ok, rows[1].Status);
        Assert.Equal(2, ResultsStore.Load(scratch.Path).Rows.Count);
    }

    [Fact]
    public void Plan_orders_cpu_first_and_expands_cuda()
    {
        var plan = new BenchmarkPlan { Models = ["mlp"], Devices = ["cuda", "cpu"], BatchSizes = [32, 128] };
        Assert.Equal(["cpu", "cpu", "cuda:0", "cuda:0", "cuda:1", "cuda:1"], plan.Entries(["cuda:0", "cuda:1"]).Select(e => e.Device));
        Assert.Equal(["cpu", "cpu", "cuda", "cuda"], plan.Entries([]).Select(e => e.Device));
    }
}

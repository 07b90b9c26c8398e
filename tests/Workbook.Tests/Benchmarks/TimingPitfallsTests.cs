using Workbook.Benchmarks.Perf;
using Workbook.Tests.Data;
using static TorchSharp.torch;

namespace Workbook.Tests.Benchmarks;

public class TimingPitfallsTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    [Fact]
    public void Five_timings_of_the_same_steps_in_order_with_what_each_had_on_the_clock()
    {
        // 256 images at batch 128 are 2 batches: the 3 + 4 x 5 + 5 steps below cycle through them many times.
        using var train = fixture.Mnist.Train.Take(256);
        var rows = TimingPitfalls.Measure("mlp", train, CPU, batchSize: 128, steps: 5, warmup: 3);

        Assert.Equal(["naive: first step included, no sync", "warm-up excluded, no sync", "warm-up excluded, synchronised",
            "loss read to the host every step", "loss summed on the device, read once"], rows.Select(r => r.Method));
        Assert.Equal([true, false, false, false, false], rows.Select(r => r.FirstStepIncluded));
        Assert.Equal([false, false, true, true, true], rows.Select(r => r.Synchronised));
        Assert.Equal(["none", "none", "none", "every step", "once"], rows.Select(r => r.LossReads));
        Assert.All(rows, r =>
        {
            Assert.Equal(("mlp", "cpu", 128, 5), (r.Model, r.Device, r.BatchSize, r.Steps));
            Assert.True(double.IsFinite(r.Seconds) && r.Seconds > 0, $"{r.Method}: {r.Seconds}");
            Assert.Equal(1000 * r.Seconds / 5, r.StepMs, 9);
        });
        Assert.False(train.Images.IsInvalid); // the split the caller owns is still alive (To(cpu) hands back the same split)
    }

    [Fact]
    public void Csv_lines_have_the_header_columns_and_quote_the_method()
    {
        var line = TimingPitfalls.CsvLine(new PitfallTiming("cnn", "cuda:0", 128, 20, "warm-up excluded, no sync", false, false, "none", 0.5));
        Assert.Equal("cnn,cuda:0,128,20,\"warm-up excluded, no sync\",no,no,none,0.500000,25.000", line);
        Assert.Equal(TimingPitfalls.CsvHeader.Split(',').Length, line.Replace("\"warm-up excluded, no sync\"", "method").Split(',').Length);
    }

    [Fact]
    public void Zero_steps_is_refused()
    {
        using var train = fixture.Mnist.Train.Take(128);
        Assert.Throws<ArgumentOutOfRangeException>(() => TimingPitfalls.Measure("mlp", train, CPU, steps: 0));
    }
}

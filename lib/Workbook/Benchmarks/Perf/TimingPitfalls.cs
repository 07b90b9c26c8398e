using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Perf;

/// <summary>One way of timing the same training steps: what was on the clock, and what it read.</summary>
public sealed record PitfallTiming(string Model, string Device, int BatchSize, int Steps, string Method, bool FirstStepIncluded,
    bool Synchronised, string LossReads, double Seconds)
{
    public double StepMs => 1000 * Seconds / Steps;
}

/// <summary>
/// The timing mistakes that make a GPU look faster or slower than it is, measured on one model and device: the same
/// number of training steps timed with the first step on the clock and no synchronisation (the naive stopwatch), with
/// warm-up excluded but no synchronisation (on a GPU this times only the kernel launches, as the work runs
/// asynchronously), with warm-up excluded and the device synchronised before each clock read (the honest number), and
/// with the loss copied to the host every step (a synchronisation per step, as a progress print does) against once.
/// </summary>
public static class TimingPitfalls
{
    public const string CsvHeader = "model,device,batch,steps,method,first_step_included,synchronised,loss_reads,seconds,step_ms";

    /// <summary>Runs the five timings in order on a fresh model: the naive one first, so its first step is this model's first.</summary>
    public static IReadOnlyList<PitfallTiming> Measure(string modelKey, MnistSplit train, Device device, int batchSize = 128, int steps = 20, int warmup = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        random.manual_seed(0);
        using var model = ModelZoo.CreateTimed(modelKey, device);
        model.to(device).train();
        using var optimizer = Trainer.CreateOptimizer(model, OptimizerKind.Adadelta);
        var resident = train.To(device);
        using var owned = ReferenceEquals(resident, train) ? null : resident; // To() hands back the split itself when it is already there
        using var batches = Cycle(resident, batchSize).GetEnumerator();
        DeviceSync.Wait(device); // the data copy is not a training step: off every clock
        var name = device.ToString();

        PitfallTiming Row(string method, bool first, bool sync, string reads, double seconds) =>
            new(modelKey, name, batchSize, steps, method, first, sync, reads, seconds);

        var rows = new List<PitfallTiming>
        {
            Row("naive: first step included, no sync", true, false, "none", Time(model, optimizer, batches, device, steps, sync: false, LossRead.None)),
        };
        DeviceSync.Wait(device); // whatever the naive clock left queued must not spill into the next one
        for (var i = 0; i < warmup; i++) Time(model, optimizer, batches, device, 1, sync: true, LossRead.None);
        rows.Add(Row("warm-up excluded, no sync", false, false, "none", Time(model, optimizer, batches, device, steps, sync: false, LossRead.None)));
        DeviceSync.Wait(device);
        rows.Add(Row("warm-up excluded, synchronised", false, true, "none", Time(model, optimizer, batches, device, steps, sync: true, LossRead.None)));
        rows.Add(Row("loss read to the host every step", false, true, "every step", Time(model, optimizer, batches, device, steps, sync: true, LossRead.EveryStep)));
        rows.Add(Row("loss summed on the device, read once", false, true, "once", Time(model, optimizer, batches, device, steps, sync: true, LossRead.Once)));
        return rows;
    }

    public static string CsvLine(PitfallTiming t) => string.Join(',',
        t.Model, t.Device, t.BatchSize.ToString(CultureInfo.InvariantCulture), t.Steps.ToString(CultureInfo.InvariantCulture), $"\"{t.Method}\"",
        t.FirstStepIncluded ? "yes" : "no", t.Synchronised ? "yes" : "no", t.LossReads,
        t.Seconds.ToString("F6", CultureInfo.InvariantCulture), t.StepMs.ToString("F3", CultureInfo.InvariantCulture));

    enum LossRead { None, EveryStep, Once }

    /// <summary>A stopwatch around <paramref name="steps"/> training steps; with <paramref name="sync"/> the device is synchronised before each clock read.</summary>
    static double Time(WorkbookModel model, IStepOptimizer optimizer, IEnumerator<(Tensor Images, Tensor Labels)> batches, Device device, int steps, bool sync, LossRead read)
    {
        using var total = zeros(1, device: device);
        if (sync) DeviceSync.Wait(device);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            batches.MoveNext();
            var (x, y) = batches.Current;
            using var scope = NewDisposeScope();
            using (x)
            using (y)
            {
                var loss = TrainingStep.Run(model, optimizer, x, y);
                if (read == LossRead.EveryStep) _ = loss.item<float>();
                else if (read == LossRead.Once) total.add_(loss.detach());
            }
        }
        if (read == LossRead.Once) _ = total.item<float>();
        if (sync) DeviceSync.Wait(device);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Shuffled passes over the data, one after another, so any number of steps can be timed.</summary>
    static IEnumerable<(Tensor Images, Tensor Labels)> Cycle(MnistSplit data, int batchSize)
    {
        var shuffle = new Generator(0);
        while (true)
            foreach (var batch in data.Batches(batchSize, shuffle))
                yield return batch;
    }
}

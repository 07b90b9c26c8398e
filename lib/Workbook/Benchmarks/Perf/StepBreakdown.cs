using System.Diagnostics;
using TorchSharp;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Perf;

/// <summary>Median milliseconds of each part of a training step, and what the harness adds on top.</summary>
public sealed record StepPhases(double Data, double Forward, double Backward, double Optimizer, double Harness, double Step);

/// <summary>
/// Where a training step's time goes: the step is run with the device synchronised between phases (which the real
/// loop never does), so each phase can be timed on its own; "harness" is the rest of the loop's wall time.
/// </summary>
public static class StepBreakdown
{
    public static StepPhases Measure(WorkbookModel model, MnistSplit train, Device device, int batchSize = 128, int steps = 20, int warmup = 3)
    {
        model.to(device).train();
        using var optimizer = Trainer.CreateOptimizer(model, OptimizerKind.Adadelta);
        using var resident = train.To(device);
        var phases = new List<double[]>();
        var shuffle = new Generator(0);
        var step = 0;
        using var batches = resident.Batches(batchSize, shuffle).GetEnumerator();
        while (true)
        {
            var t = new double[6];
            var wall = Stopwatch.StartNew();
            var clock = Stopwatch.StartNew();
            if (!batches.MoveNext()) break;
            step++;
            var (x, y) = batches.Current;
            using (var scope = NewDisposeScope())
            {
                var bx = x.contiguous();
                t[0] = Lap(clock, device);
                // TrainingStep.Run's three phases, with a synchronised clock read after each.
                var loss = TrainingStep.Forward(model, optimizer, bx, y, out _);
                t[1] = Lap(clock, device);
                TrainingStep.Backward(loss);
                t[2] = Lap(clock, device);
                TrainingStep.Update(optimizer);
                t[3] = Lap(clock, device);
                x.Dispose();
                y.Dispose();
            }
            t[5] = wall.Elapsed.TotalMilliseconds;
            t[4] = t[5] - t[0] - t[1] - t[2] - t[3];
            if (step > warmup) phases.Add(t);
            if (step == warmup + steps) break;
        }
        double M(int i) => Spread.MedianOf(phases.Select(p => p[i]));
        return new StepPhases(M(0), M(1), M(2), M(3), M(4), M(5));
    }

    static double Lap(Stopwatch clock, Device device)
    {
        DeviceSync.Wait(device);
        var ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}

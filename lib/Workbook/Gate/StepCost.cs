using System.Diagnostics;
using TorchSharp;
using Workbook.Devices;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>What a workaround costs: the median time of a training step (batch 128, random images) with it and without.</summary>
public static class StepCost
{
    public static double Milliseconds(Func<nn.Module<Tensor, Tensor>> factory, Device device, Workaround workaround, long[]? sample = null,
        int warmup = 2, int steps = 5)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(0);
        var model = factory();
        using var applied = workaround.Apply(model);
        model.to(device).train();
        using var optimizer = new TorchOptimizer(optim.SGD(model.parameters(), 0.01));
        var x = rand([128, .. sample ?? [1, 28, 28]], device: device);
        var y = randint(0, 10, [128], device: device);
        var times = new List<double>();
        for (var i = 0; i < warmup + steps; i++)
        {
            using var step = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            TrainingStep.Run(model, optimizer, x, y);
            DeviceSync.Wait(device);
            if (i >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Spread.MedianOf(times);
    }
}

using System.Diagnostics;
using TorchSharp;
using Workbook.Data;
using Workbook.Models;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Benchmarks.Perf;

/// <summary>Process memory after each epoch: a leak shows as growth after the first epoch has allocated everything it needs.</summary>
public sealed record EpochMemory(int Epoch, double RssMiB, long LiveTensors, double EpochSeconds);

public static class MemoryProbe
{
    public static IReadOnlyList<EpochMemory> Run(WorkbookModel model, MnistSplit train, Device device, int epochs = 5, int batchSize = 128)
    {
        var results = new List<EpochMemory>();
        model.to(device);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            // One epoch per call keeps optimizer state bounded; the Trainer's own loop is what is measured.
            var result = Trainer.Train(model, train, null, device, new TrainOptions { BatchSize = batchSize, WarmupSteps = 0, Evaluate = false });
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            results.Add(new EpochMemory(epoch, process.WorkingSet64 / 1048576.0,
                TorchSharp.DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount, result.Last.EpochSeconds));
        }
        return results;
    }

    /// <summary>Growth from epoch 2 to the last, in percent of epoch 2's RSS.</summary>
    public static double GrowthPercent(IReadOnlyList<EpochMemory> epochs) =>
        epochs.Count < 3 ? 0 : (epochs[^1].RssMiB - epochs[1].RssMiB) / epochs[1].RssMiB * 100;
}

using System.Runtime.InteropServices;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Models;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Benchmarks;

/// <summary>Progress of a plan: which row (1-based) of how many, and the trainer's progress within it.</summary>
public readonly record struct BenchmarkProgress(int Row, int Rows, PlanEntry Entry, TrainProgress Train);

/// <summary>
/// Turns a plan into result rows, one configuration at a time, each saved the moment it is measured. A device that is
/// not usable gives "skipped" rows; running out of memory gives an "out-of-memory" row; the plan always goes on.
/// </summary>
public static class BenchmarkRunner
{
    /// <param name="beforeEach">Test hook: runs before each configuration trains (used to inject faults).</param>
    public static IReadOnlyList<ResultRow> Run(BenchmarkPlan plan, Mnist mnist, DeviceReport devices, ResultsStore store,
        IProgress<BenchmarkProgress>? progress = null, CancellationToken cancel = default, Action<PlanEntry>? beforeEach = null)
    {
        var cudaUsable = devices.Checks.Where(c => DeviceNames.IsGpu(c.Device)).Select(c => c.Device).ToList();
        var entries = plan.Entries(cudaUsable).ToList();
        using var train = plan.TrainLimit is { } n ? mnist.Train.Take(n) : null;
        using var test = plan.TestLimit is { } m ? mnist.Test.Take(m) : null;
        var gates = new Dictionary<(string, string), GateDecision>();
        for (var i = 0; i < entries.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var entry = entries[i];
            var row = i + 1;
            var report = new SyncProgress<TrainProgress>(p => progress?.Report(new BenchmarkProgress(row, entries.Count, entry, p)));
            store.Append(RunOne(plan, entry, train ?? mnist.Train, test ?? mnist.Test, devices, gates, report, cancel, beforeEach));
        }
        return store.Rows;
    }

    static ResultRow RunOne(BenchmarkPlan plan, PlanEntry entry, MnistSplit train, MnistSplit test, DeviceReport devices,
        Dictionary<(string, string), GateDecision> gates, IProgress<TrainProgress> progress, CancellationToken cancel, Action<PlanEntry>? beforeEach)
    {
        random.manual_seed(plan.Seed);
        using var model = plan.CreateModel(entry.Model);
        var row = new ResultRow
        {
            Model = entry.Model,
            ModelTitle = model.Title,
            Device = entry.Device,
            DeviceName = DeviceName(entry.Device, devices),
            BatchSize = entry.BatchSize,
            Epochs = entry.Epochs,
            Placement = entry.Placement,
            TrainImages = train.Count,
            Parameters = model.ParameterCount,
            TrainingFlopsPerImage = model.TrainingFlopsPerSample,
            Status = RowStatus.Ok,
            Precision = plan.Precision.Name(),
        };

        var check = devices.Checks.FirstOrDefault(c => c.Device == entry.Device);
        if (check is null || !check.Usable)
            return row with { Status = RowStatus.Skipped(check?.Reason ?? devices.GpuAbsence ?? $"{entry.Device} was not checked") };
        if (devices.WhyNot(plan.Precision, entry.Device) is { } unsupported) return row with { Status = RowStatus.Skipped(unsupported) };

        // The model as it is timed here: the rewrites measured to help on this device, then its precision, both in the row.
        var device = TorchSharp.torch.device(entry.Device);
        using var tf32 = Tf32Switch.For(plan.Precision);
        row = row with { SpeedUps = SpeedUps.Apply(model, device).Describe(), Precision = PrecisionSupport.Label(plan.Precision, entry.Device) };
        try
        {
            MixedPrecision.Apply(model, plan.Precision);
        }
        catch (ArgumentException e)
        {
            return row with { Status = RowStatus.Skipped(e.Message) };
        }

        // Correct numbers or none: this model's own forward and backward pass must agree with float64 on the CPU.
        if (!gates.TryGetValue((entry.Model, entry.Device), out var gate))
        {
            progress.Report(new TrainProgress("correctness check", 0, 1));
            gates[(entry.Model, entry.Device)] = gate = WorkloadGate.Decide(entry.Model, () => plan.CreateModel(entry.Model, device), device);
        }
        if (!gate.Usable) return row with { Status = RowStatus.Skipped(gate.Refusal!) };
        using var workaround = gate.Workaround.Apply(model);

        var options = new TrainOptions
        {
            BatchSize = entry.BatchSize,
            Epochs = entry.Epochs,
            Placement = entry.Placement,
            Optimizer = plan.Optimizer,
            Seed = plan.Seed,
            EpochBudgetSeconds = DeviceNames.IsCpu(entry.Device) ? plan.CpuEpochBudgetSeconds : null,
            EstimateSteps = plan.EstimateSteps,
            WarmupSteps = plan.WarmupSteps,
            Evaluate = plan.Evaluate,
        };
        try
        {
            beforeEach?.Invoke(entry);
            var result = Trainer.Train(model, train, test, device, options, progress, cancel);
            var last = result.Last;
            // "epoch s" is per epoch (the mean), whatever the epoch count; the total is kept beside it.
            var totalSeconds = result.Epochs.Sum(e => e.EpochSeconds);
            var stepSeconds = result.Epochs.SelectMany(e => e.StepSeconds ?? []).ToList();
            return row with
            {
                WarmupSeconds = result.WarmupSeconds,
                EpochSeconds = totalSeconds / result.Epochs.Count,
                TotalSeconds = totalSeconds,
                SamplesPerSecond = train.Count * entry.Epochs / totalSeconds,
                StepMs = stepSeconds.Count > 0 ? Spread.Of(stepSeconds).Scale(1000) : null,
                TestAccuracy = last.TestAccuracy,
                TrainLoss = last.TrainLoss,
                GflopsPerSecond = model.TrainingFlopsPerSample * (double)train.Count * entry.Epochs / totalSeconds / 1e9,
                Status = result.Epochs.Any(e => e.Estimated) ? RowStatus.Estimated(last.StepsRun) : RowStatus.Ok,
                Message = Join(gate.Note, result.Epochs.Any(e => e.Estimated)
                    ? $"{last.StepsRun} of {last.StepsPerEpoch} batches timed ({last.MeasuredSeconds:F1} s); the epoch time is extrapolated and the accuracy is after those batches only"
                    : null),
            };
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            return row with { Status = RowStatus.OutOfMemory, Message = e.Message.Split('\n')[0] };
        }
        catch (ExternalException e)
        {
            return row with { Status = RowStatus.Failed(e.Message.Split('\n')[0]), Message = e.Message };
        }
        finally
        {
            if (DeviceNames.IsGpu(entry.Device)) DeviceSync.Wait(TorchSharp.torch.device(entry.Device)); // nothing of this row may still run during the next
        }
    }

    static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";

    /// <summary>libtorch says "CUDA out of memory" on GPUs and "can't allocate memory" / "not enough memory" on the CPU.
    /// TorchSharp turns every native error into one ExternalException type, so its text is all there is to read.</summary>
    public static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException
        || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase);

    static string DeviceName(string device, DeviceReport devices)
    {
        if (DeviceNames.IsCpu(device)) return devices.Cpu.Model;
        var index = device.Split(':') is [_, var i] && int.TryParse(i, out var n) ? n : 0;
        return devices.Gpus.FirstOrDefault(g => g.Index == index)?.Name ?? "no usable GPU";
    }
}

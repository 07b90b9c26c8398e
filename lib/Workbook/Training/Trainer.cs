using TorchSharp;
using Workbook.Data;
using Workbook.Models;
using static TorchSharp.torch;

namespace Workbook.Training;

/// <summary>
/// One device-agnostic training loop, timed honestly: warm-up excluded, the device synchronised before every clock read,
/// the loss accumulated on the device and read once per epoch (no per-step host sync), one dispose scope per step.
/// </summary>
public static class Trainer
{
    public static TrainResult Train(WorkbookModel model, MnistSplit train, MnistSplit? test, Device device, TrainOptions options,
        IProgress<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs);
        model.to(device);
        var source = options.Placement == Placement.Resident ? train.To(device) : train;
        try
        {
            var stepsPerEpoch = (source.Count + options.BatchSize - 1) / options.BatchSize;
            var warmup = Warmup(model, source, device, options, progress, cancel);
            random.manual_seed(options.Seed);
            var shuffle = new Generator((ulong)options.Seed);
            using var optimizer = CreateOptimizer(model, options.Optimizer);

            var epochs = new List<EpochResult>();
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var limit = Math.Min(stepsPerEpoch, options.MaxStepsPerEpoch ?? int.MaxValue);
                model.train();
                using var lossSum = zeros(1, device: device);
                var samples = 0;
                var steps = 0;
                var clock = new StepClock(device);
                clock.Start();
                using var batches = source.Batches(options.BatchSize, shuffle).GetEnumerator();
                while (true)
                {
                    // A step's time includes fetching its batch (a slice or a shuffled gather of the resident data).
                    if (!batches.MoveNext()) break;
                    var (x, y) = batches.Current;
                    using (var scope = NewDisposeScope())
                    {
                        var (bx, by) = options.Placement == Placement.Streamed ? (x.to(device), y.to(device)) : (x, y);
                        var loss = TrainingStep.Run(model, optimizer, bx, by); // the only work inside the timed loop
                        lossSum.add_(loss.detach() * bx.shape[0]);
                        samples += (int)bx.shape[0];
                        x.Dispose();
                        y.Dispose();
                    }
                    clock.StepDone();
                    steps++;
                    progress?.Report(new TrainProgress($"epoch {epoch}", steps, limit));
                    // The budget decision uses the median step so far (on a GPU, the blocks recorded so far).
                    if (steps == options.EstimateSteps && options.EpochBudgetSeconds is { } budget && limit > steps
                        && clock.Samples.Count > 0 && Spread.MedianOf(clock.Samples) * stepsPerEpoch > budget)
                        limit = steps;
                    // Stop here, not at the top of the next iteration: a batch fetched and then skipped would leak.
                    if (steps == limit) break;
                    cancel.ThrowIfCancellationRequested();
                }
                var measured = clock.Stop();
                var epochSeconds = measured * stepsPerEpoch / steps;
                var meanLoss = lossSum.item<float>() / samples;
                double? accuracy = options.Evaluate && test is not null ? Evaluate(model, test, device, options.EvalBatchSize, progress) : null;
                epochs.Add(new EpochResult(epoch, steps, stepsPerEpoch, measured, epochSeconds, source.Count / epochSeconds, meanLoss, accuracy)
                {
                    StepSeconds = [.. clock.Samples],
                });
            }
            return new TrainResult(warmup, epochs);
        }
        finally
        {
            if (!ReferenceEquals(source, train)) source.Dispose();
        }
    }

    /// <summary>
    /// Steps that warm the kernels and allocators, then rewind: the weights and batch-norm statistics are put back and the
    /// warm-up's optimizer is dropped, so the epoch's loss and accuracy are one epoch's from the seeded weights (as in the
    /// PyTorch peer), whatever the number of warm-up steps.
    /// </summary>
    static double Warmup(WorkbookModel model, MnistSplit source, Device device, TrainOptions options,
        IProgress<TrainProgress>? progress, CancellationToken cancel)
    {
        if (options.WarmupSteps <= 0) return 0;
        Dictionary<string, Tensor> saved;
        using (no_grad())
            saved = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        try
        {
            using var optimizer = CreateOptimizer(model, options.Optimizer);
            model.train();
            var clock = new StepClock(device);
            clock.Start();
            var step = 0;
            foreach (var (x, y) in source.Batches(options.BatchSize))
            {
                using (var scope = NewDisposeScope())
                using (x)
                using (y)
                    TrainingStep.Run(model, optimizer, x.to(device), y.to(device));
                step++;
                progress?.Report(new TrainProgress("warm-up", step, options.WarmupSteps));
                if (step == options.WarmupSteps) break;
                cancel.ThrowIfCancellationRequested();
            }
            return clock.Stop();
        }
        finally
        {
            using (no_grad())
                foreach (var (name, tensor) in model.state_dict()) tensor.copy_(saved[name]);
            foreach (var tensor in saved.Values) tensor.Dispose();
        }
    }

    /// <summary>Test accuracy in eval mode (dropout off, batch-norm running statistics) under no_grad.</summary>
    public static double Evaluate(WorkbookModel model, MnistSplit test, Device device, int batchSize = 1000, IProgress<TrainProgress>? progress = null)
    {
        model.eval();
        using var grad = no_grad();
        using var correct = zeros(1, dtype: int64, device: device);
        var total = (test.Count + batchSize - 1) / batchSize;
        var step = 0;
        foreach (var (x, y) in test.Batches(batchSize))
        {
            using var scope = NewDisposeScope();
            using var _ = x;
            using var __ = y;
            var predicted = model.forward(x.to(device)).argmax(1);
            correct.add_(predicted.eq(y.to(device)).sum());
            progress?.Report(new TrainProgress("evaluate", ++step, total));
        }
        model.train();
        return correct.item<long>() / (double)test.Count;
    }

    /// <summary>The optimizer a run uses; call it after the model is on its device (the flat buffers live there).</summary>
    public static IStepOptimizer CreateOptimizer(WorkbookModel model, OptimizerKind kind) => kind switch
    {
        // Keras's mnist_cnn: Adadelta, lr 1.0 (torch's rho 0.9 / eps 1e-6; Keras 2 used 0.95 / 1e-7).
        OptimizerKind.Adadelta => new FlatAdadelta(model.parameters(), lr: 1.0),
        OptimizerKind.Adam => new TorchOptimizer(optim.Adam(model.parameters(), lr: 1e-3)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

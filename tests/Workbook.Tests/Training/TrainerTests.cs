using Workbook.Data;
using Workbook.Models;
using Workbook.Tests.Data;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Tests.Training;

public class TrainerTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    [Theory]
    [InlineData("mlp", 2000, 3, 64)]
    [InlineData("cnn", 1000, 2, 64)]
    // Evaluation uses batch norm's running statistics, which need a few dozen steps to catch up: smaller batches.
    [InlineData("deep", 512, 2, 16)]
    public void Loss_falls_and_accuracy_beats_chance(string key, int images, int epochs, int batch)
    {
        using var train = fixture.Mnist.Train.Stratified(images);
        using var test = fixture.Mnist.Test.Take(500);
        random.manual_seed(0);
        using var model = ModelZoo.Create(key);
        var result = Trainer.Train(model, train, test, CPU, new TrainOptions { BatchSize = batch, Epochs = epochs, WarmupSteps = 1 });

        Assert.Equal(epochs, result.Epochs.Count);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss,
            $"loss {string.Join(" -> ", result.Epochs.Select(e => e.TrainLoss))}");
        Assert.True(result.Epochs[0].TrainLoss < Math.Log(10) + 0.5, "first-epoch loss should be near or below chance (ln 10)");
        Assert.True(result.Last.TestAccuracy > 0.3, $"accuracy {result.Last.TestAccuracy} (chance is 0.1)");
        Assert.All(result.Epochs, e => Assert.False(e.Estimated));
    }

    /// <summary>Two MLPs with the same starting weights, by copy: tests run in parallel and share torch's global generator.</summary>
    static (WorkbookModel, WorkbookModel) TwinMlps()
    {
        var (first, second) = (ModelZoo.Mlp(), ModelZoo.Mlp());
        using (no_grad())
            foreach (var (a, b) in first.parameters().Zip(second.parameters())) b.copy_(a);
        return (first, second);
    }

    [Fact]
    public void Streamed_and_resident_placement_train_the_same_model_identically()
    {
        using var train = fixture.Mnist.Train.Take(256);
        var (first, second) = TwinMlps();
        using var _ = first;
        using var __ = second;
        double Loss(WorkbookModel model, Placement placement) =>
            Trainer.Train(model, train, null, CPU, new TrainOptions { BatchSize = 64, Placement = placement, WarmupSteps = 0 }).Last.TrainLoss;
        Assert.Equal(Loss(first, Placement.Resident), Loss(second, Placement.Streamed), 5);
    }

    [Fact]
    public void Warm_up_steps_are_rewound_so_the_epoch_trains_from_the_seeded_weights()
    {
        // The MLP has no dropout, so both runs are exact whatever other tests draw from torch's generator meanwhile.
        using var train = fixture.Mnist.Train.Take(512);
        using var test = fixture.Mnist.Test.Take(200);
        var (cold, warmed) = TwinMlps();
        using var _ = cold;
        using var __ = warmed;
        EpochResult Run(WorkbookModel model, int warmup) =>
            Trainer.Train(model, train, test, CPU, new TrainOptions { BatchSize = 64, WarmupSteps = warmup }).Last;
        var (withoutWarmup, withWarmup) = (Run(cold, 0), Run(warmed, 3));
        Assert.Equal(withoutWarmup.TrainLoss, withWarmup.TrainLoss);
        Assert.Equal(withoutWarmup.TestAccuracy, withWarmup.TestAccuracy);
        foreach (var (a, b) in cold.parameters().Zip(warmed.parameters())) Assert.True(a.equal(b).all().item<bool>(), "weights differ after the epoch");
    }

    [Fact]
    public void An_epoch_over_budget_is_measured_for_a_few_steps_and_extrapolated()
    {
        using var train = fixture.Mnist.Train.Take(1280);
        random.manual_seed(0);
        using var model = ModelZoo.Mlp();
        var progress = new List<TrainProgress>();
        var result = Trainer.Train(model, train, null, CPU,
            new TrainOptions { BatchSize = 32, EpochBudgetSeconds = 1e-9, EstimateSteps = 5, WarmupSteps = 2 },
            new SyncProgress<TrainProgress>(progress.Add));
        var epoch = result.Last;
        Assert.True(epoch.Estimated);
        Assert.Equal(5, epoch.StepsRun);
        Assert.Equal(40, epoch.StepsPerEpoch);
        Assert.Equal(epoch.MeasuredSeconds * 8, epoch.EpochSeconds, 9);
        Assert.Equal(2, progress.Count(p => p.Phase == "warm-up"));
    }

    [Theory]
    [InlineData("mlp", Placement.Resident)]
    [InlineData("cnn", Placement.Streamed)]
    public void A_training_step_leaks_no_tensors(string key, Placement placement)
    {
        using var train = fixture.Mnist.Train.Take(40 * 16);
        random.manual_seed(0);
        using var model = ModelZoo.Create(key);
        var live = new Dictionary<int, long>();
        Trainer.Train(model, train, null, CPU, new TrainOptions { BatchSize = 16, WarmupSteps = 2, Evaluate = false, Placement = placement },
            new SyncProgress<TrainProgress>(p =>
            {
                if (p.Phase == "epoch 1") live[p.Step] = TorchSharp.DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
            }));
        // After the first steps have created the gradients and the optimizer's state, the count must stay flat.
        Assert.Equal(40, live.Count);
        Assert.Equal(live[5], live[40]);
        Assert.All(live.Where(l => l.Key >= 5), l => Assert.Equal(live[5], l.Value));
    }

    [Fact]
    public void Epochs_leak_no_tensors_either()
    {
        using var train = fixture.Mnist.Train.Take(256);
        using var test = fixture.Mnist.Test.Take(100);
        random.manual_seed(0);
        using var model = ModelZoo.Mlp();
        long Live() => TorchSharp.DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        var options = new TrainOptions { BatchSize = 64, Epochs = 2 };
        Trainer.Train(model, train, test, CPU, options); // creates the gradients, which live on with the model
        var afterFirst = Live();
        Trainer.Train(model, train, test, CPU, options);
        Trainer.Train(model, train, test, CPU, options with { Placement = Placement.Streamed });
        Assert.Equal(afterFirst, Live());
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var train = fixture.Mnist.Train.Take(512);
        using var model = ModelZoo.Mlp();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Train(model, train, null, CPU, new TrainOptions(), null, cancel.Token));
    }
}

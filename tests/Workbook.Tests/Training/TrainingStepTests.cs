using Workbook.Models;
using Workbook.Tests.Data;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Tests.Training;

public class TrainingStepTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    /// <summary>
    /// The trainer runs <see cref="TrainingStep.Run(nn.Module{Tensor, Tensor}, IStepOptimizer?, Tensor, Tensor)"/> and
    /// nothing else: two trainer steps and two shared steps, from the same weights, batches and optimizer, leave the same
    /// weights to the bit. Two steps, so that a trainer that stopped clearing gradients fails too (on the first step the
    /// gradients are still zero); another loss, a missing update or another optimizer would change the weights at once.
    /// </summary>
    [Fact]
    public void The_trainer_runs_the_shared_training_step()
    {
        const int batch = 64;
        const long seed = 3;
        using var scope = NewDisposeScope();
        using var train = fixture.Mnist.Train.Take(2 * batch);
        using var trained = ModelZoo.Mlp();
        using var twin = ModelZoo.Mlp();
        using (no_grad())
        {
            // Same starting weights by copy: tests run in parallel and share torch's global generator.
            foreach (var (a, b) in trained.parameters().Zip(twin.parameters())) b.copy_(a);
        }
        var start = twin.parameters().Select(p => p.detach().clone()).ToList();

        var epoch = Trainer.Train(trained, train, null, CPU,
            new TrainOptions { BatchSize = batch, Seed = seed, WarmupSteps = 0, Evaluate = false }).Last;
        Assert.Equal(2, epoch.StepsRun);

        // The trainer's batches: a pass shuffled by a generator seeded with its seed.
        twin.train();
        using var optimizer = Trainer.CreateOptimizer(twin, OptimizerKind.Adadelta);
        var lossSum = 0f;
        foreach (var (x, y) in train.Batches(batch, new Generator((ulong)seed)))
            lossSum += TrainingStep.Run(twin, optimizer, x, y).item<float>() * batch;

        Assert.Equal(lossSum / (2 * batch), epoch.TrainLoss, 1e-6);
        foreach (var ((name, p), q) in trained.named_parameters().Zip(twin.parameters()))
            Assert.True(Same(p, q), $"{name} differs between the trainer's step and TrainingStep.Run");
        Assert.Contains(twin.parameters().Zip(start), pair => !Same(pair.First, pair.Second)); // the steps did train
    }

    /// <summary>Without an optimizer the step computes the gradients and leaves the weights alone (the gate's use).</summary>
    [Fact]
    public void Without_an_optimizer_the_step_only_computes_gradients()
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Mlp();
        var x = randn([8, 1, 28, 28], generator: new Generator(1));
        var y = randint(0, 10, [8], generator: new Generator(2));
        var start = model.parameters().Select(p => p.detach().clone()).ToList();

        var loss = TrainingStep.Run(model, null, x, y, out var output);

        Assert.Equal(new long[] { 8, 10 }, output.shape);
        Assert.Equal(nn.functional.cross_entropy(output, y).item<float>(), loss.item<float>());
        Assert.All(model.parameters().Zip(start), pair => Assert.True(Same(pair.First, pair.Second)));
        Assert.All(model.parameters(), p => Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0));
    }

    /// <summary>Equal to the bit: same shape, every element equal.</summary>
    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}

using Workbook.Models;
using Workbook.Runtime;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Tests.Training;

public class FlatAdadeltaTests
{
    public FlatAdadeltaTests() => TorchRuntime.Initialize();

    /// <summary>The flat optimizer must train exactly like TorchSharp's own Adadelta, only with fewer native calls.</summary>
    [Fact]
    public void Matches_TorchSharps_Adadelta_step_for_step()
    {
        using var scope = NewDisposeScope();
        var (reference, flat, x, y) = Twins(3);
        var start = Snapshot(flat);
        using var torchAdadelta = new TorchOptimizer(optim.Adadelta(reference.parameters(), lr: 1.0));
        using var flatAdadelta = new FlatAdadelta(flat.parameters(), lr: 1.0);
        for (var step = 0; step < 5; step++)
        {
            Step(reference, torchAdadelta, x, y);
            Step(flat, flatAdadelta, x, y);
        }
        AssertSameTrajectory(start, reference, flat);
        Assert.NotEqual(0f, flat.parameters().First().grad!.abs().sum().item<float>());
    }

    /// <summary>The fused host kernel (CPU, float32) and the tensor-operation path (other devices) give the same training.</summary>
    [Fact]
    public void Fused_and_tensor_paths_train_alike()
    {
        using var scope = NewDisposeScope();
        var (fusedModel, tensorModel, x, y) = Twins(8);
        var start = Snapshot(fusedModel);
        using var fused = new FlatAdadelta(fusedModel.parameters());
        using var plain = new FlatAdadelta(tensorModel.parameters(), fused: false);
        Assert.True(fused.IsFused);
        Assert.False(plain.IsFused);
        for (var step = 0; step < 5; step++)
        {
            Step(fusedModel, fused, x, y);
            Step(tensorModel, plain, x, y);
        }
        AssertSameTrajectory(start, fusedModel, tensorModel);
    }

    /// <summary>Two Keras CNNs with the same weights, in eval mode (no dropout: both see the same function), and a batch.</summary>
    static (WorkbookModel, WorkbookModel, Tensor, Tensor) Twins(int seed)
    {
        var x = randn([32, 1, 28, 28], generator: new Generator((ulong)seed));
        var y = randint(0, 10, [32], generator: new Generator((ulong)seed + 1));
        var a = ModelZoo.KerasMnistCnn();
        var b = ModelZoo.KerasMnistCnn();
        using (no_grad())
        {
            // Same starting weights by copy: tests run in parallel and share torch's global generator.
            foreach (var (pa, pb) in a.parameters().Zip(b.parameters())) pb.copy_(pa);
        }
        a.eval();
        b.eval();
        return (a, b, x, y);
    }

    static void Step(WorkbookModel model, IStepOptimizer optimizer, Tensor x, Tensor y) => TrainingStep.Run(model, optimizer, x, y);

    static List<Tensor> Snapshot(WorkbookModel model) => [.. model.parameters().Select(p => p.detach().clone())];

    /// <summary>
    /// Float32 rounding differs between the paths (fused multiply-adds, operation order) and Adadelta divides by the
    /// gradients' running scale, so tiny differences grow a little each step. The paths agree when they differ by less
    /// than 5% of how far training moved the weights; a wrong formula would differ by about the whole movement. (1% was
    /// the bound until a Zen 3 build machine, AMD EPYC family 25 model 1, measured 1.07% on correct code in a parallel
    /// test run: the difference is rounding amplified, and its size depends on the CPU's kernels.)
    /// </summary>
    static void AssertSameTrajectory(List<Tensor> start, WorkbookModel a, WorkbookModel b)
    {
        var moved = a.parameters().Zip(start).Max(t => (t.First - t.Second).abs().max().item<float>());
        Assert.True(moved > 1e-4, $"training barely moved the weights ({moved})");
        var differ = a.parameters().Zip(b.parameters()).Max(t => (t.First - t.Second).abs().max().item<float>());
        Assert.True(differ < 0.05 * moved, $"the paths differ by {differ}, {100 * differ / moved:F2}% of the movement {moved}");
    }
}

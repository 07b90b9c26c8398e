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
        using var torchAdadelta = optim.Adadelta(reference.parameters(), lr: 1.0);
        using var flatAdadelta = new FlatAdadelta(flat.parameters(), lr: 1.0);
        for (var step = 0; step < 5; step++)
        {
            torchAdadelta.zero_grad();
            nn.functional.cross_entropy(reference.forward(x), y).backward();
            torchAdadelta.step();
            Step(flat, flatAdadelta, x, y);
        }
        AssertSameWeights(reference, flat);
        Assert.NotEqual(0f, flat.parameters().First().grad!.abs().sum().item<float>());
    }

    /// <summary>The fused host kernel (CPU, float32) and the tensor-operation path (other devices) give the same training.</summary>
    [Fact]
    public void Fused_and_tensor_paths_train_alike()
    {
        using var scope = NewDisposeScope();
        var (fusedModel, tensorModel, x, y) = Twins(8);
        using var fused = new FlatAdadelta(fusedModel.parameters());
        using var plain = new FlatAdadelta(tensorModel.parameters(), fused: false);
        Assert.True(fused.IsFused);
        Assert.False(plain.IsFused);
        for (var step = 0; step < 5; step++)
        {
            Step(fusedModel, fused, x, y);
            Step(tensorModel, plain, x, y);
        }
        AssertSameWeights(fusedModel, tensorModel);
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

    static void Step(WorkbookModel model, IStepOptimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.ZeroGrad();
        nn.functional.cross_entropy(model.forward(x), y).backward();
        optimizer.Step();
    }

    static void AssertSameWeights(WorkbookModel a, WorkbookModel b)
    {
        foreach (var (pa, pb) in a.parameters().Zip(b.parameters()))
            Assert.True(pa.allclose(pb, rtol: 1e-4, atol: 1e-6), $"max difference {(pa - pb).abs().max().item<float>()}");
    }
}

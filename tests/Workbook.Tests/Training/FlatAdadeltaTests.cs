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
        var x = randn([32, 1, 28, 28], generator: new Generator(3));
        var y = randint(0, 10, [32], generator: new Generator(4));
        var reference = ModelZoo.KerasMnistCnn();
        var flat = ModelZoo.KerasMnistCnn();
        using (no_grad())
        {
            // Same starting weights by copy: tests run in parallel and share torch's global generator.
            foreach (var (a, b) in reference.parameters().Zip(flat.parameters())) b.copy_(a);
        }
        reference.eval();
        flat.eval(); // no dropout: both see the same function
        using var torchAdadelta = optim.Adadelta(reference.parameters(), lr: 1.0);
        using var flatAdadelta = new FlatAdadelta(flat.parameters(), lr: 1.0);
        for (var step = 0; step < 5; step++)
        {
            torchAdadelta.zero_grad();
            nn.functional.cross_entropy(reference.forward(x), y).backward();
            torchAdadelta.step();
            flatAdadelta.ZeroGrad();
            nn.functional.cross_entropy(flat.forward(x), y).backward();
            flatAdadelta.Step();
        }
        foreach (var (a, b) in reference.parameters().Zip(flat.parameters()))
            Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-6), $"max difference {(a - b).abs().max().item<float>()}");
        Assert.NotEqual(0f, flat.parameters().First().grad!.abs().sum().item<float>());
    }
}

using TorchSharp;

namespace Workbook.Training;

/// <summary>Any TorchSharp optimizer (Adam in the trainer, SGD in the gate's step cost).</summary>
public sealed class TorchOptimizer(torch.optim.Optimizer inner) : IStepOptimizer
{
    public void ZeroGrad() => inner.zero_grad();
    public void Step() => inner.step();
    public void Dispose() => inner.Dispose();
}

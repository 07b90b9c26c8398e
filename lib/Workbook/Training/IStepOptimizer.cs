using TorchSharp;

namespace Workbook.Training;

/// <summary>What the training loop needs from an optimizer.</summary>
public interface IStepOptimizer : IDisposable
{
    void ZeroGrad();
    void Step();
}

/// <summary>Any TorchSharp optimizer (Adam here).</summary>
public sealed class TorchOptimizer(torch.optim.Optimizer inner) : IStepOptimizer
{
    public void ZeroGrad() => inner.zero_grad();
    public void Step() => inner.step();
    public void Dispose() => inner.Dispose();
}

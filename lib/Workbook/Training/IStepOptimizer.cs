namespace Workbook.Training;

/// <summary>What the training loop needs from an optimizer.</summary>
public interface IStepOptimizer : IDisposable
{
    void ZeroGrad();
    void Step();
}

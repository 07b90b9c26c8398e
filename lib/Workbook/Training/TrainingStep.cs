using static TorchSharp.torch;

namespace Workbook.Training;

/// <summary>
/// The training step, written once: clear the gradients, forward, cross-entropy against the labels, backward, update.
/// The trainer, the step cost of a workaround, the timing pitfalls, the step breakdown and the correctness gate all run
/// this code, so what is timed is what is trained and what the gate judged. <see cref="Run(nn.Module{Tensor, Tensor}, IStepOptimizer?, Tensor, Tensor)"/>
/// is the whole step; its three phases are public only so that the breakdown can time each one on its own.
/// </summary>
public static class TrainingStep
{
    /// <summary>One step; returns the loss, still on the device (reading it would synchronise).</summary>
    /// <param name="optimizer">Null for a step without the update (the gate compares gradients, it does not train).</param>
    public static Tensor Run(nn.Module<Tensor, Tensor> model, IStepOptimizer? optimizer, Tensor x, Tensor y) =>
        Run(model, optimizer, x, y, out _);

    /// <summary>One step that also hands back the model's output (the gate compares it with float64).</summary>
    public static Tensor Run(nn.Module<Tensor, Tensor> model, IStepOptimizer? optimizer, Tensor x, Tensor y, out Tensor output)
    {
        var loss = Forward(model, optimizer, x, y, out output);
        Backward(loss);
        Update(optimizer);
        return loss;
    }

    /// <summary>Clears the gradients the last step left (backward adds to them), then the forward pass and the loss.</summary>
    public static Tensor Forward(nn.Module<Tensor, Tensor> model, IStepOptimizer? optimizer, Tensor x, Tensor y, out Tensor output)
    {
        if (optimizer is null) model.zero_grad();
        else optimizer.ZeroGrad();
        output = model.forward(x);
        return nn.functional.cross_entropy(output, y);
    }

    /// <summary>Every parameter's gradient of the loss.</summary>
    public static void Backward(Tensor loss) => loss.backward();

    /// <summary>The optimizer's update; nothing without one.</summary>
    public static void Update(IStepOptimizer? optimizer) => optimizer?.Step();
}

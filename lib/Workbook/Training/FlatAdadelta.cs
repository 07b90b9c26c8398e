using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Training;

/// <summary>
/// Adadelta (PyTorch's update, rho 0.9, eps 1e-6) over all parameters at once. The parameters and their gradients are
/// re-seated as views into one flat buffer each, so zeroing the gradients is one call and the update is either one
/// fused pass over host memory (float32 on the CPU: the buffers are pinned .NET arrays shared with libtorch) or 11
/// tensor operations in all (other devices), instead of 11 per parameter tensor. For the MLP the optimizer was a third
/// of each step (docs/performance.md).
/// </summary>
public sealed class FlatAdadelta : IStepOptimizer
{
    readonly Tensor weights, grads;
    readonly Tensor? squareAvg, accDelta;                                   // the tensor path's state
    readonly float[]? hostWeights, hostGrads, hostSquareAvg, hostAccDelta; // the fused path's buffers
    readonly double lr, rho, eps;

    /// <param name="fused">Use the fused host kernel when the parameters are float32 on the CPU (the default).</param>
    public FlatAdadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, bool fused = true)
    {
        (this.lr, this.rho, this.eps) = (lr, rho, eps);
        var list = parameters.Where(p => p.requires_grad).ToList();
        var total = list.Sum(p => p.numel());
        var first = list[0];
        if (fused && first.device_type == DeviceType.CPU && first.dtype == ScalarType.Float32 && total <= Array.MaxLength)
        {
            // Pinned, because from_array shares them with libtorch: the kernel and autograd see the same memory.
            hostWeights = GC.AllocateArray<float>((int)total, pinned: true);
            hostGrads = GC.AllocateArray<float>((int)total, pinned: true);
            hostSquareAvg = new float[total];
            hostAccDelta = new float[total];
            weights = from_array(hostWeights);
            grads = from_array(hostGrads);
        }
        else
        {
            weights = zeros(total, dtype: first.dtype, device: first.device);
            grads = zeros_like(weights);
            squareAvg = zeros_like(weights);
            accDelta = zeros_like(weights);
        }
        using var noGrad = no_grad();
        long offset = 0;
        foreach (var p in list)
        {
            // The parameter's own dense layout (empty_like preserves it), so channels-last weights stay channels-last.
            long[] strides;
            using (var like = empty_like(p)) strides = like.stride();
            using (var view = weights.as_strided(p.shape, strides, offset))
            {
                view.copy_(p);
                p.set_(view); // the parameter now lives in the flat buffer
            }
            using (var view = grads.as_strided(p.shape, strides, offset))
                p.grad = view; // autograd accumulates into it in place
            offset += p.numel();
        }
    }

    /// <summary>Whether the update runs as the fused host kernel.</summary>
    public bool IsFused => hostWeights is not null;

    public void ZeroGrad() => grads.zero_();

    public void Step()
    {
        if (hostWeights is not null)
        {
            AdadeltaKernel.Update(hostWeights, hostGrads, hostSquareAvg, hostAccDelta, (float)lr, (float)rho, (float)eps);
            return;
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        squareAvg!.mul_(rho).addcmul_(grads, grads, 1 - rho);
        var std = squareAvg.add(eps).sqrt_();
        var delta = accDelta!.add(eps).sqrt_().div_(std).mul_(grads);
        accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
        weights.add_(delta, -lr);
    }

    /// <summary>Releases this object's handles; the buffers' memory lives on in the parameters and gradients viewing it.</summary>
    public void Dispose()
    {
        weights.Dispose();
        grads.Dispose();
        squareAvg?.Dispose();
        accDelta?.Dispose();
    }
}

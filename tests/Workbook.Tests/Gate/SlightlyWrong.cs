using static TorchSharp.torch;

namespace Workbook.Tests.Gate;

/// <summary>Identity in float64; in float32 its output is 1 % too large: a kernel slightly, but really, wrong.</summary>
public sealed class OffByOnePercent() : nn.Module<Tensor, Tensor>(nameof(OffByOnePercent))
{
    public override Tensor forward(Tensor x) => x.dtype == float32 ? x * 1.01 : x.alias();
}

/// <summary>Identity forward; in float32 the gradient it passes back is 1 % too large (a wrong backward kernel).</summary>
public sealed class GradientOffByOnePercent() : nn.Module<Tensor, Tensor>(nameof(GradientOffByOnePercent))
{
    // x + 0.01·(x − x.detach()) has the value x and the gradient 1.01.
    public override Tensor forward(Tensor x) => x.dtype == float32 ? x + 0.01 * (x - x.detach()) : x.alias();
}

/// <summary>
/// A block with a child layer and arithmetic of its own, as a user's residual block has: each leaf is correct, but the
/// block's own forward scales the result by 1.05 in float32, so only the whole-model comparison can see it.
/// </summary>
public sealed class WrongGlue : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> inner;

    public WrongGlue(nn.Module<Tensor, Tensor> inner) : base(nameof(WrongGlue))
    {
        this.inner = inner;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = inner.forward(x);
        return y.dtype == float32 ? y * 1.05 : y;
    }
}

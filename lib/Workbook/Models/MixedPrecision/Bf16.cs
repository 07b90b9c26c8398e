using static TorchSharp.torch;

namespace Workbook.Models;

/// <summary>
/// The one rule of bf16 mixed precision, as PyTorch's autocast has it: a float32 tensor entering a heavy layer is
/// rounded to bf16; any other (the gate's float64 reference, a tensor already in bf16) passes as it is. The cast is part
/// of the autograd graph, so a float32 weight receives its gradient in float32.
/// </summary>
public static class Bf16
{
    public static Tensor Lower(Tensor t) => t.dtype == ScalarType.Float32 ? t.to(ScalarType.BFloat16) : t.alias();
}

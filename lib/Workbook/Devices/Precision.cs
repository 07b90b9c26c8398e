namespace Workbook.Devices;

/// <summary>
/// The number format a training step computes in. The blog's runs are float32 on both devices, except that libtorch
/// runs cuDNN convolutions in TF32 on a GPU by default (10 bits of mantissa instead of 23): part of a GPU's speed is a
/// narrower format.
/// </summary>
public enum Precision
{
    /// <summary>float32; on CUDA libtorch's defaults: convolutions in TF32, matmuls in float32.</summary>
    Float32,

    /// <summary>float32 everywhere, TF32 off for convolutions and matmuls alike (CUDA; on a CPU the same as float32).</summary>
    Float32Strict,

    /// <summary>TF32 for convolutions and matmuls (CUDA only: no CPU has it).</summary>
    Tf32,

    /// <summary>bf16 mixed precision: convolutions and dense layers in bf16, float32 weights, loss and batch-norm statistics.</summary>
    Bf16,
}

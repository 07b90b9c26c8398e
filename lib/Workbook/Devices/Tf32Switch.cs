using TorchSharp;

namespace Workbook.Devices;

/// <summary>Sets libtorch's two TF32 switches (cuDNN convolutions, cuBLAS matmuls) for a precision, and puts them back on dispose.</summary>
public sealed class Tf32Switch : IDisposable
{
    readonly bool convs, matmuls;

    Tf32Switch(Precision precision)
    {
        (convs, matmuls) = (torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32);
        switch (precision)
        {
            case Precision.Tf32: Set(true, true); break;
            case Precision.Float32Strict: Set(false, false); break;
        }
    }

    /// <summary>Float32 and bf16 leave libtorch's defaults (convolutions TF32, matmuls float32), as the blog's runs had them.</summary>
    public static Tf32Switch For(Precision precision) => new(precision);

    static void Set(bool convolutions, bool matmuls)
    {
        torch.backends.cudnn.allow_tf32 = convolutions;
        torch.backends.cuda.matmul.allow_tf32 = matmuls;
    }

    public void Dispose() => Set(convs, matmuls);
}

namespace Workbook.Gate;

/// <summary>What the gate may change so that a model whose plain run is wrong computes correctly.</summary>
public enum Workaround
{
    None,

    /// <summary>Convolution weights strided channels-last: oneDNN runs its NHWC kernels instead of the blocked NCHW
    /// ones found wrong on a Zen 5 CPU (environment.md). The function is unchanged.</summary>
    ChannelsLast,

    /// <summary>oneDNN off while this model runs: libtorch's own convolution code (slower).</summary>
    OneDnnOff,
}

using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>One layer judged alone: its worst part (forward, input gradient or a parameter's gradient) and that part's error.</summary>
public sealed record LayerResult(LayerSite Site, string Part, double Error, double Tolerance, int Threads)
{
    public bool Correct => Error <= Tolerance;

    /// <summary>"conv2 (FaultyConv, input 8×6×14×14 NCHW): forward off by 0.4 against its float64 twin (float32, 1 thread; tolerance 0.001)".</summary>
    public string Finding(Device device) =>
        $"{Site.Describe()}: {Part} {NumericError.Describe(Error)} against its float64 twin on the CPU " +
        $"({(device.type == DeviceType.CPU ? $"float32, {Threads} thread{(Threads == 1 ? "" : "s")}" : $"float32 on {device}")}; layer tolerance {Tolerance:G2})";
}

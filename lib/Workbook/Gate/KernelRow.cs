namespace Workbook.Gate;

/// <summary>
/// One kernel measured against float64 on the CPU: the relative error of its forward result and of its input and
/// weight gradients (the worse of two runs), and whether the two runs gave different bits: harmless when both are
/// within tolerance (a different summation order), but the mark of uninitialised memory when a kernel is also wrong,
/// which is why a verdict on such a kernel can change from run to run.
/// </summary>
public sealed record KernelRow(string Operation, string Source, string Layout, int Threads, double Forward, double InputGradient,
    double WeightGradient, bool Varies, double Tolerance)
{
    public double Worst => new[] { Forward, InputGradient, WeightGradient }.Max();

    public bool Wrong => !(Worst <= Tolerance);

    /// <summary>"forward off by 0.42 (1 thread, NCHW)".</summary>
    public string Finding
    {
        get
        {
            var parts = new List<string>();
            if (!(Forward <= Tolerance)) parts.Add($"forward {NumericError.Describe(Forward)}");
            if (!(InputGradient <= Tolerance)) parts.Add($"input gradient {NumericError.Describe(InputGradient)}");
            if (!(WeightGradient <= Tolerance)) parts.Add($"weight gradient {NumericError.Describe(WeightGradient)}");
            if (Varies) parts.Add("bits differ from run to run");
            return $"{Operation} ({Source}), {Layout}, {Threads} thread{(Threads == 1 ? "" : "s")}: " + (parts.Count == 0 ? "correct" : string.Join("; ", parts));
        }
    }
}

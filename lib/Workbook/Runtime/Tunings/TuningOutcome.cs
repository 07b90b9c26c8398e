namespace Workbook.Runtime;

/// <summary>What became of one optional tuning in this process.</summary>
public enum TuningOutcome
{
    /// <summary>It changed the process as its summary says.</summary>
    Applied,

    /// <summary>This machine has nothing to gain (an AVX2-only or Intel CPU for MKL, a CPU NNPACK runs on, not glibc).</summary>
    NotNeeded,

    /// <summary>The binary it would change is not the one it was verified on (or its code is not what was expected); left alone.</summary>
    Refused,

    /// <summary>Its environment variable says 0 / false / off.</summary>
    SwitchedOff,
}

namespace Workbook.Benchmarks;

/// <summary>What became of a configuration.</summary>
public enum StatusKind
{
    /// <summary>Every batch of every epoch ran and was timed.</summary>
    Ok,

    /// <summary>A few batches were timed and the epoch extrapolated (the CPU budget): a real rate, not a real epoch.</summary>
    Estimated,

    OutOfMemory,

    /// <summary>Not run: the device is absent or not usable.</summary>
    Skipped,

    /// <summary>The native code raised an error other than running out of memory.</summary>
    Failed,
}

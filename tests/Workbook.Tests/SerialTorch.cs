namespace Workbook.Tests;

/// <summary>
/// Tests whose code changes torch's thread count (the correctness gate checks on 1 thread and on all threads). The
/// count is process-wide: changed while another test's convolution runs, it gave that convolution wrong results in a
/// parallel run of this suite (a BatchNorm gradient off by 0.16), so these tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorch
{
    public const string Name = "changes torch's thread count";
}

using Workbook.Data;
using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Benchmarks;

/// <summary>
/// Times a network you wrote, the way the blog's table times its three: batch 128 (unless given), one epoch, on every
/// device that runs kernels, each device with a fresh model from the same seed, and only after the correctness gate
/// has checked your model's own forward and backward pass on that device against float64 on the CPU (a wrong model
/// gets a "skipped" row that says which layer is off and by how much). FLOPs are counted on every convolution and
/// dense layer, however deeply nested.
/// </summary>
public static class OwnModel
{
    /// <param name="name">How the rows and charts call it, e.g. "lenet".</param>
    /// <param name="factory">Builds a fresh network taking a batch of 1×28×28 images to 10 logits, e.g. <c>() => nn.Sequential(...)</c>.</param>
    /// <param name="outDir">Where results.json and results.csv go; a temporary folder when not given.</param>
    public static IReadOnlyList<ResultRow> Time(string name, Func<nn.Module<Tensor, Tensor>> factory, Mnist mnist, DeviceReport devices,
        int? trainLimit = null, int? testLimit = null, int batchSize = 128, string? outDir = null, IProgress<BenchmarkProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var plan = new BenchmarkPlan
        {
            Models = [name],
            OwnModels = new Dictionary<string, Func<nn.Module<Tensor, Tensor>>> { [name] = factory },
            BatchSizes = [batchSize],
            TrainLimit = trainLimit,
            TestLimit = testLimit,
        };
        var dir = outDir ?? Path.Combine(Path.GetTempPath(), $"workbook-{name}-{Guid.NewGuid():N}");
        return BenchmarkRunner.Run(plan, mnist, devices, new ResultsStore(dir, EnvironmentFingerprint.Capture(devices)), progress);
    }
}

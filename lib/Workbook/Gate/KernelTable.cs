using TorchSharp;
using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>
/// A diagnostic, not the verdict: a fixed grid of common convolutions (the four shapes found wrong on a Zen 5 CPU,
/// and the project's own layers) and the CNN's dense matmul, in NCHW and channels-last, on 1 thread and on all of
/// torch's threads, each compared with float64 on the CPU. Which models may train is decided per model by
/// <see cref="WorkloadCheck"/>; this table says which kernels are wrong on this machine.
/// </summary>
public static class KernelTable
{
    public static IReadOnlyList<ConvCase> Convolutions { get; } =
    [
        new("the old usable-check probe", [8, 3, 16, 16], [4, 3, 3, 3], 1),
        new("LeNet conv1", [128, 1, 28, 28], [6, 1, 5, 5], 2),
        new("Caffe LeNet conv2", [64, 20, 12, 12], [50, 20, 5, 5], 0),
        new("Keras CNN conv1", [32, 1, 28, 28], [32, 1, 3, 3], 0),
        new("Keras CNN conv2", [128, 32, 26, 26], [64, 32, 3, 3], 0),
        new("deep CNN conv1", [32, 1, 28, 28], [32, 1, 3, 3], 1),
        new("deep CNN block 2", [32, 32, 14, 14], [64, 32, 3, 3], 1),
        new("deep CNN block 4", [32, 128, 3, 3], [256, 128, 3, 3], 1),
    ];

    static readonly Lock Gate = new();
    static IReadOnlyList<KernelRow>? cpuRows;

    /// <summary>The CPU's table, measured once per process (it takes a few seconds) and then reused.</summary>
    public static IReadOnlyList<KernelRow> Cpu()
    {
        lock (Gate) return cpuRows ??= Measure(CPU);
    }

    /// <summary>"none of 40 kernels wrong" or the wrong ones: what a results file records about this machine.</summary>
    public static string Summary(IReadOnlyList<KernelRow> rows)
    {
        var wrong = rows.Where(r => r.Wrong).ToList();
        return wrong.Count == 0
            ? $"none of {rows.Count} kernels wrong (conv and matmul, NCHW and channels-last, 1 and {rows.Max(r => r.Threads)} threads)"
            : $"{wrong.Count} of {rows.Count} kernels wrong: " + string.Join("; ", wrong.Select(r => r.Finding));
    }

    public static IReadOnlyList<KernelRow> Measure(Device device)
    {
        var threads = get_num_threads();
        var tolerance = NumericError.ToleranceFor(device);
        var rows = new List<KernelRow>();
        foreach (var c in Convolutions)
        {
            using var scope = NewDisposeScope();
            var gen = new Generator(7);
            var x = randn(c.Input, generator: gen);
            var w = randn(c.Weight, generator: gen);
            var reference = Conv(x.to(float64), w.to(float64), c.Padding);
            foreach (var layout in new[] { "NCHW", "channels-last" })
                foreach (var t in device.type == DeviceType.CPU ? ThreadCounts(threads) : [threads])
                    rows.Add(Row(c.Operation, c.Source, layout, t, tolerance, reference, () =>
                    {
                        var (xd, wd) = (x.to(device), w.to(device));
                        if (layout != "NCHW") (xd, wd) = (MemoryLayout.ToChannelsLast(xd), MemoryLayout.ToChannelsLast(wd));
                        return Conv(xd, wd, c.Padding);
                    }));
        }
        using (var scope = NewDisposeScope())
        {
            var gen = new Generator(7);
            var a = randn([128, 9216], generator: gen);
            var b = randn([9216, 128], generator: gen);
            var reference = Matmul(a.to(float64), b.to(float64));
            foreach (var t in device.type == DeviceType.CPU ? ThreadCounts(threads) : [threads])
                rows.Add(Row("matmul 128×9216 · 9216×128", "Keras CNN dense", "-", t, tolerance, reference, () => Matmul(a.to(device), b.to(device))));
        }
        set_num_threads(threads);
        return rows;
    }

    static int[] ThreadCounts(int all) => all == 1 ? [1] : [1, all];

    /// <summary>Runs the float32 kernel twice: its errors are the worse of the two runs, and "varies" says whether the
    /// two gave different bits (harmless rounding order, or uninitialised memory when the errors differ too).</summary>
    static KernelRow Row(string operation, string source, string layout, int threads, double tolerance, Tensor[] reference, Func<Tensor[]> run)
    {
        set_num_threads(threads);
        var first = run();
        var second = run();
        var varies = first.Zip(second, (p, q) => !(p.eq(q) | (p.isnan() & q.isnan())).all().item<bool>()).Any(v => v);
        var e = reference.Select((r, i) => Math.Max(NumericError.RelativeError(r, first[i]), NumericError.RelativeError(r, second[i]))).ToArray();
        return new KernelRow(operation, source, layout, threads, e[0], e[1], e[2], varies, tolerance);
    }

    /// <summary>Output, input gradient and weight gradient of a convolution under the loss sum(y²).</summary>
    static Tensor[] Conv(Tensor x, Tensor w, long padding)
    {
        x = x.detach().requires_grad_();
        w = w.detach().requires_grad_();
        var y = nn.functional.conv2d(x, w, padding: [padding, padding]);
        (y * y).sum().backward();
        return [y.detach(), x.grad!, w.grad!];
    }

    static Tensor[] Matmul(Tensor a, Tensor b)
    {
        a = a.detach().requires_grad_();
        b = b.detach().requires_grad_();
        var y = a.matmul(b);
        (y * y).sum().backward();
        return [y.detach(), a.grad!, b.grad!];
    }
}

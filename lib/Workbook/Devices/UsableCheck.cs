using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Devices;

/// <summary>
/// "Available is not usable" (the blog's lesson), made concrete: a device is usable only when a real conv2d forward and
/// backward and a matmul run on it and agree with a float64 CPU reference within <see cref="Tolerance"/>.
/// </summary>
public sealed record UsableCheck(string Device, bool Usable, double MaxRelativeError, double HostToDeviceGBps, string? Reason)
{
    /// <summary>Relative to the largest reference value; loose enough for TF32 on Ampere+ GPUs, tight enough to catch garbage.</summary>
    public const double Tolerance = 2e-3;

    /// <param name="tamper">Test hook: alters the device's results before the comparison.</param>
    public static UsableCheck Run(Device device, Func<Tensor, Tensor>? tamper = null)
    {
        var name = device.ToString();
        try
        {
            using var scope = NewDisposeScope();
            var gen = new Generator(7);
            var x = randn([8, 3, 16, 16], generator: gen);
            var w = randn([4, 3, 3, 3], generator: gen);
            var a = randn([128, 256], generator: gen);
            var b = randn([256, 64], generator: gen);

            var reference = Compute(x.to(float64), w.to(float64), a.to(float64), b.to(float64));
            var candidate = Compute(x.to(device), w.to(device), a.to(device), b.to(device))
                .Select(t => (tamper?.Invoke(t) ?? t).to(float64).cpu()).ToArray();

            var worst = reference.Zip(candidate, (r, c) => ((r - c).abs().max() / (r.abs().max() + 1e-12)).item<double>()).Max();
            var bandwidth = CopyBandwidth(device);
            return worst <= Tolerance
                ? new UsableCheck(name, true, worst, bandwidth, null)
                : new UsableCheck(name, false, worst, bandwidth,
                    $"results disagree with the CPU: max relative error {worst:G3} > {Tolerance:G3} (conv2d forward/backward, matmul)");
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return new UsableCheck(name, false, double.NaN, double.NaN, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>conv2d output, its input and weight gradients, and a matmul.</summary>
    static Tensor[] Compute(Tensor x, Tensor w, Tensor a, Tensor b)
    {
        x = x.requires_grad_();
        w = w.requires_grad_();
        var y = nn.functional.conv2d(x, w, padding: [1, 1]);
        (y * y).sum().backward();
        return [y.detach(), x.grad!, w.grad!, a.matmul(b)];
    }

    /// <summary>Host-to-device copy speed of 64 MiB (median of 5), the cost the blog blames for small nets on the GPU.</summary>
    static double CopyBandwidth(Device device)
    {
        using var scope = NewDisposeScope();
        var host = ones(16 * 1024 * 1024, dtype: float32);
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            Synchronize(device);
            var clock = Stopwatch.StartNew();
            using var copy = device.type == DeviceType.CPU ? host.clone() : host.to(device);
            Synchronize(device);
            if (i > 0) times.Add(clock.Elapsed.TotalSeconds); // the first copy pays for allocation
        }
        times.Sort();
        return Math.Round(64.0 / 1024 / times[times.Count / 2], 2);
    }

    /// <summary>Waits for queued GPU work so a clock read afterwards measures it; a no-op on the CPU.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}

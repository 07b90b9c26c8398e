using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbook.Devices;

/// <summary>
/// The first half of "available is not usable": the device runs a real convolution (forward and backward) and a
/// matmul without an error ("no kernel image is available", a driver that fails at the first launch), and copies
/// data at a measured speed. Whether its results are right is judged per model, on the work that will actually run,
/// by the correctness gate (<c>Workbook.Gate.WorkloadCheck</c>): a device is refused for a model only on evidence about that model.
/// </summary>
public sealed record UsableCheck(string Device, bool Usable, double HostToDeviceGBps, string? Reason)
{
    /// <param name="tamper">Test hook: runs on the device's results (it may throw, as a broken driver would).</param>
    public static UsableCheck Run(Device device, Func<Tensor, Tensor>? tamper = null)
    {
        var name = device.ToString();
        try
        {
            using var scope = NewDisposeScope();
            var gen = new Generator(7);
            var x = randn([8, 3, 16, 16], generator: gen).to(device).requires_grad_();
            var w = randn([4, 3, 3, 3], generator: gen).to(device).requires_grad_();
            var y = nn.functional.conv2d(x, w, padding: [1, 1]);
            (y * y).sum().backward();
            var product = randn([128, 256], generator: gen).to(device).matmul(randn([256, 64], generator: gen).to(device));
            foreach (var t in new[] { y, x.grad!, w.grad!, product }) (tamper?.Invoke(t) ?? t).cpu();
            return new UsableCheck(name, true, CopyBandwidth(device), null);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return new UsableCheck(name, false, double.NaN, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>Host-to-device copy speed of 64 MiB, the cost the blog blames for small nets on the GPU: the fastest of 5
    /// copies, the link's speed when nothing else is using it.</summary>
    static double CopyBandwidth(Device device)
    {
        using var scope = NewDisposeScope();
        var host = ones(16 * 1024 * 1024, dtype: float32);
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            DeviceSync.Wait(device);
            var clock = Stopwatch.StartNew();
            using var copy = device.type == DeviceType.CPU ? host.clone() : host.to(device);
            DeviceSync.Wait(device);
            if (i > 0) times.Add(clock.Elapsed.TotalSeconds); // the first copy pays for allocation
        }
        return Math.Round(64.0 / 1024 / times.Min(), 2);
    }
}

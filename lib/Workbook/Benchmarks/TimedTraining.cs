using System.Diagnostics;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Gate;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Benchmarks;

/// <summary>
/// A training run timed by the library's clock, never a number typed in: the model is built by its factory, checked by
/// the correctness gate on the device first (a model that computes wrong numbers is not timed), then trained by the
/// given loop with a stopwatch around it. The constructor is not public and the class is not a record, so a time
/// cannot be made up or edited afterwards (no <c>with</c>).
/// </summary>
public sealed class TimedTraining
{
    internal TimedTraining(string name, Func<nn.Module<Tensor, Tensor>> factory, GateDecision gate, string device, int images,
        double? seconds, double? loopSeconds)
    {
        (Name, Factory, Gate, Device, Images, Seconds, LoopSeconds) = (name, factory, gate, device, images, seconds, loopSeconds);
    }

    public string Name { get; }
    public Func<nn.Module<Tensor, Tensor>> Factory { get; }
    public GateDecision Gate { get; }
    public string Device { get; }
    public int Images { get; }

    /// <summary>The library's clock around the training loop (device synchronised before it is read); null when the gate refused the model.</summary>
    public double? Seconds { get; }

    /// <summary>What the training loop itself returned, for comparison; it cannot exceed <see cref="Seconds"/>.</summary>
    public double? LoopSeconds { get; }

    public bool Timed => Seconds is not null;

    public override string ToString() => Seconds is { } s
        ? $"{Name}: {Images:N0} images in {s:F2} s on {Device} ({Images / s:N0} images/s){(Gate.Note is { } n ? $"; {n}" : "")}"
        : $"{Name} on {Device}: not timed. {Gate.Refusal}";

    /// <summary>Gate, then train a fresh model (seed 0) with <paramref name="train"/> and time it.</summary>
    /// <param name="train">The training loop, e.g. notebook 03's <c>(model, data, device) => TrainOnPage(model, data, device)</c>.</param>
    public static TimedTraining Run(string name, Func<nn.Module<Tensor, Tensor>> factory, MnistSplit data, Device device,
        Func<nn.Module<Tensor, Tensor>, MnistSplit, Device, double> train)
    {
        var gate = WorkloadGate.Decide(name, factory, device);
        if (!gate.Usable) return new TimedTraining(name, factory, gate, device.ToString(), data.Count, null, null);

        random.manual_seed(0);
        using var model = factory();
        using var workaround = gate.Workaround.Apply(model);
        var clock = Stopwatch.StartNew();
        var loopSeconds = train(model, data, device);
        DeviceSync.Wait(device); // the GPU runs behind: wait before reading
        var seconds = clock.Elapsed.TotalSeconds;
        return new TimedTraining(name, factory, gate, device.ToString(), data.Count, seconds, loopSeconds);
    }
}

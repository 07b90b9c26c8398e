using System.Diagnostics;
using TorchSharp;
using Workbook.Devices;
using static TorchSharp.torch;

namespace Workbook.Training;

/// <summary>
/// The workbook's one clock for training steps: it synchronises the device before every read, so what it reads is work
/// done, not work queued. On a CPU every step is read (a sync there does nothing); on a GPU only every
/// <see cref="GpuBlock"/> steps, because a sync per step stops the GPU's queue from filling and times a different loop
/// (the pitfall notebook 03 measures), so a GPU sample is the mean step of its block.
/// </summary>
public sealed class StepClock
{
    public const int GpuBlock = 10;

    readonly Device device;
    readonly int block;
    readonly Stopwatch total = new();
    readonly List<double> samples = [];
    long lapStart;
    int inBlock;

    public StepClock(Device device)
    {
        this.device = device;
        block = device.type == DeviceType.CPU ? 1 : GpuBlock;
    }

    /// <summary>Synchronises, then starts (or restarts) the clock.</summary>
    public void Start()
    {
        DeviceSync.Wait(device);
        samples.Clear();
        inBlock = 0;
        total.Restart();
        lapStart = Stopwatch.GetTimestamp();
    }

    /// <summary>One step has been queued; on the steps that close a block, waits for it and records the block's mean step.</summary>
    public void StepDone()
    {
        if (++inBlock < block) return;
        Record();
    }

    /// <summary>Seconds since <see cref="Start"/>, after a sync; the steps of an unfinished block are recorded too.</summary>
    public double Stop()
    {
        if (inBlock > 0) Record();
        else DeviceSync.Wait(device);
        total.Stop();
        return total.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds per step, one sample per step on a CPU and per block on a GPU.</summary>
    public IReadOnlyList<double> Samples => samples;

    void Record()
    {
        DeviceSync.Wait(device);
        var now = Stopwatch.GetTimestamp();
        samples.Add(Stopwatch.GetElapsedTime(lapStart, now).TotalSeconds / inBlock);
        lapStart = now;
        inBlock = 0;
    }
}

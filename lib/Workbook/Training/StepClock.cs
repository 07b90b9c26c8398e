using System.Diagnostics;
using TorchSharp;
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
        Synchronize(device);
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
        else Synchronize(device);
        total.Stop();
        return total.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Waits for the work queued on <paramref name="device"/>, so that a clock read afterwards measures work done; a
    /// no-op on the CPU, where every operation has finished when it returns. The workbook's one synchronisation before a
    /// clock read: the timings of Training, the gate and the benchmarks call it or read a <see cref="StepClock"/>, which
    /// does (the device check's copy speed, which comes before Training in the flow, keeps its own).
    /// </summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }

    /// <summary>Seconds per step, one sample per step on a CPU and per block on a GPU.</summary>
    public IReadOnlyList<double> Samples => samples;

    void Record()
    {
        Synchronize(device);
        var now = Stopwatch.GetTimestamp();
        samples.Add(Stopwatch.GetElapsedTime(lapStart, now).TotalSeconds / inBlock);
        lapStart = now;
        inBlock = 0;
    }
}

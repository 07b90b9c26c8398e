using Workbook.Models;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>
/// Correct numbers or none: checks a model on a device (<see cref="WorkloadCheck"/>); on a CPU where it is wrong, tries
/// each workaround, measures what the passing ones cost, and keeps the cheapest. Nothing is refused on evidence about
/// another model.
/// </summary>
public static class WorkloadGate
{
    /// <summary>The verdict for each of the workbook's networks, as it will be timed, on each device that runs kernels.</summary>
    public static IReadOnlyList<GateDecision> ForDevices(Devices.DeviceReport devices) =>
        [.. devices.UsableDevices.SelectMany(d => ModelKeys.All.Select(m => Decide(m, () => ModelZoo.CreateTimed(m, device(d)), device(d))))];

    public static GateDecision Decide(string model, Func<nn.Module<Tensor, Tensor>> factory, Device device, long[]? sample = null)
    {
        var plain = WorkloadCheck.Run(model, factory, device, sample);
        if (plain.Correct || device.type != TorchSharp.DeviceType.CPU)
            return new GateDecision(plain, Workaround.None, null, null, null, []);

        var tried = new List<string>();
        var passing = new List<(Workaround Workaround, WorkloadVerdict Verdict)>();
        foreach (var w in Candidates(factory))
        {
            WorkloadVerdict verdict;
            using (w == Workaround.OneDnnOff ? OneDnn.Disable() : null)
                verdict = WorkloadCheck.Run(model, () => Prepared(factory, w), device, sample);
            tried.Add($"{w.Describe()}: {(verdict.Correct ? "correct" : NumericError.Describe(verdict.MaxRelativeError))}");
            if (verdict.Correct) passing.Add((w, verdict));
        }
        if (passing.Count == 0) return new GateDecision(plain, Workaround.None, null, null, null, tried);

        var plainMs = StepCost.Milliseconds(factory, device, Workaround.None, sample);
        var best = passing.Select(p => (p.Workaround, p.Verdict, Ms: StepCost.Milliseconds(factory, device, p.Workaround, sample)))
            .MinBy(p => p.Ms);
        return new GateDecision(plain, best.Workaround, best.Verdict, plainMs, best.Ms, tried);
    }

    /// <summary>Channels-last only where some convolution weight is not channels-last yet; oneDNN off where the switch exists.</summary>
    static IEnumerable<Workaround> Candidates(Func<nn.Module<Tensor, Tensor>> factory)
    {
        using (var probe = factory())
            if (!ChannelsLast.IsApplied(probe)) yield return Workaround.ChannelsLast;
        if (OneDnn.IsAvailable) yield return Workaround.OneDnnOff;
    }

    /// <summary>The model with a workaround that changes the model itself (channels-last); oneDNN is switched around the check.</summary>
    static nn.Module<Tensor, Tensor> Prepared(Func<nn.Module<Tensor, Tensor>> factory, Workaround w)
    {
        var m = factory();
        if (w == Workaround.ChannelsLast) ChannelsLast.Apply(m);
        return m;
    }
}

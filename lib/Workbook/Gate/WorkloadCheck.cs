using TorchSharp;
using Workbook.Models;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Gate;

/// <summary>
/// "Available is not usable", judged on the work that will run, in two parts. Each leaf layer alone, at the shape and
/// layout it sees in the model, in float32 on the device against its float64 twin on the CPU (<see cref="LayerCheck"/>),
/// with the tight tolerance of <see cref="NumericError"/>: a wrong kernel is found and named there. And the whole training
/// step (forward, cross-entropy, every parameter gradient) against the float64 model with the same weights and batch,
/// held to what correct float32 rounding can do in this model (<see cref="RoundingFloor"/>), not to a fixed number:
/// batch norm on a batch of 8 turns the 1e-7 to 1e-5 rounding of correct layers into 0.017 to 0.094 in wide or deep
/// models (deep-w64x3 on a Zen 4, kernels all correct: 0.017; 0.049 on the Zen 3 build machine, AMD EPYC family 25
/// model 1), which a fixed 1e-3 refused. The whole-model part catches what no leaf shows: arithmetic in a model's own
/// forward between its layers.
/// On the CPU both parts run on 1 thread and on all of torch's threads, and the first that fails decides: a wrong
/// kernel seen on a Zen 5 CPU failed every 1-thread run but only 9 of 12 2-thread runs, so the 1-thread pass is what
/// makes the verdict the same on every run (environment.md).
/// </summary>
public static class WorkloadCheck
{
    /// <summary>Small enough to run in a second on the CPU in float64, large enough for batch norm's statistics.</summary>
    public const int Batch = 8;

    /// <summary>
    /// How far past its rounding floor a whole model may be. On the Zen 3 build machine (AMD EPYC family 25 model 1,
    /// AVX2), batch 8, the correct models' float32 error was 0.0001 (deep: 1.4e-5 against a floor of 0.13) to 0.48
    /// (deep-w64x3: 0.049 against 0.10; deep-w96x3 0.05 against 0.11; deep-w64x4 0.094 against 0.21) times their floor,
    /// and mlp, cnn, LeNet and notebook 02's CNN stay under the device's own tolerance (floors of 1e-6 to 1e-5). So 4 leaves
    /// a margin of 8 over the worst measured ratio, and a model whose floor is small is still held to 1e-3.
    /// </summary>
    public const double FloorFactor = 4;

    /// <summary>
    /// The same for bf16 mixed precision, where the gradients flowing back are bf16 too and the floor (built from each
    /// layer's error alone) underestimates more: on the Zen 3 build machine, batch 8, the correct models' bf16 error was
    /// 4.0 (mlp: its first bias gradient 0.084 against a floor of 0.021), 0.19 (cnn), 0.76 (deep) and 0.61 (deep-w64x3)
    /// times their floor. 16 leaves a margin of 4 over the worst; the layer check (<see cref="NumericError.Bf16Tolerance"/>)
    /// is what finds a wrong kernel.
    /// </summary>
    public const double Bf16FloorFactor = 16;

    public static double FloorFactorFor(Devices.Precision precision) => precision == Devices.Precision.Bf16 ? Bf16FloorFactor : FloorFactor;

    /// <param name="model">Its name in the verdict.</param>
    /// <param name="factory">Builds the model; called twice under the same seed (float32 and float64 copies).</param>
    /// <param name="sample">One input's shape: MNIST's [1, 28, 28] unless given.</param>
    public static WorkloadVerdict Run(string model, Func<nn.Module<Tensor, Tensor>> factory, Device device, long[]? sample = null, long seed = 0)
    {
        var threads = get_num_threads();
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var candidate = factory();
        var reference = factory();
        reference.load_state_dict(candidate.state_dict());
        reference.to(float64);
        candidate.to(device);
        foreach (var m in new[] { candidate, reference }) PrepareModes(m);

        var gen = new Generator((ulong)seed + 1);
        var x = rand([Batch, .. sample ?? [1, 28, 28]], generator: gen);
        var y = randint(0, 10, [Batch], generator: gen);
        var x64 = x.to(float64);
        var expected = Pass(reference, x64, y);

        var sites = new List<LayerSite>();
        var removeHooks = LayerCheck.Record(candidate, sites);
        (string Name, double Error, int Threads) worst = ("output", 0, threads);
        var layerError = new Dictionary<string, double>();
        LayerResult? worstLayer = null, culprit = null;
        var precision = (candidate as WorkbookModel)?.Precision ?? Devices.Precision.Float32;
        var tolerance = NumericError.ToleranceFor(device, precision);
        try
        {
            // 1 thread first, and the first pass that fails decides: its verdict does not change from run to run.
            foreach (var t in device.type == DeviceType.CPU && threads > 1 ? new[] { 1, threads } : [threads])
            {
                set_num_threads(t);
                var actual = Pass(candidate, x.to(device), y.to(device));
                removeHooks();
                var (name, e) = LayerCheck.Compare(expected, actual).MaxBy(c => double.IsNaN(c.Error) ? double.PositiveInfinity : c.Error);
                if (!(e <= worst.Error)) worst = (name, e, t);
                var layers = LayerCheck.Judge(sites, reference, device, tolerance);
                foreach (var l in layers)
                {
                    layerError[l.Site.Name] = Math.Max(layerError.GetValueOrDefault(l.Site.Name), l.Error);
                    if (worstLayer is null || !(l.Error <= worstLayer.Error)) worstLayer = l;
                }
                culprit = layers.FirstOrDefault(l => !l.Correct);
                if (culprit is not null)
                {
                    worst = (name, e, t);
                    break;
                }
            }
            set_num_threads(threads);
            if (culprit is not null)
                return new WorkloadVerdict(model, device.ToString(), false, worst.Name, worst.Error, tolerance, ThreadText(precision, device, threads, worst.Threads),
                    culprit.Finding(device), culprit, 0, precision);

            var floor = RoundingFloor.Measure(reference, x64, y, expected, layerError);
            var modelTolerance = Math.Max(tolerance, FloorFactorFor(precision) * floor.Error);
            var correct = worst.Error <= modelTolerance;
            return new WorkloadVerdict(model, device.ToString(), correct, worst.Name, worst.Error, modelTolerance,
                ThreadText(precision, device, threads, correct ? null : worst.Threads), null, worstLayer, floor.Error, precision);
        }
        finally
        {
            removeHooks();
            set_num_threads(threads);
        }
    }

    /// <summary>Training mode (batch norm uses the batch's statistics, as in training), but dropout off: its mask is
    /// random and would differ between the two copies, while its kernel is a plain multiply.</summary>
    static void PrepareModes(nn.Module model)
    {
        model.train();
        foreach (var (_, m) in model.named_modules())
            if (m is TorchSharp.Modules.Dropout or MaskDropout) m.eval();
    }

    /// <summary>The output and every parameter gradient of the training step (without its update: the weights must stay
    /// the float64 copy's), under cross-entropy against the batch's labels.</summary>
    internal static List<(string Name, Tensor Value)> Pass(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        TrainingStep.Run(model, null, x, y, out var output);
        var result = new List<(string, Tensor)> { ("output", output.detach()) };
        foreach (var (name, p) in model.named_parameters())
            if (p.grad is { } g) result.Add(($"{name} gradient", g.detach().clone()));
        return result;
    }

    static string ThreadText(Devices.Precision precision, Device device, int threads, int? failedAt)
    {
        var format = Devices.PrecisionNames.Name(precision);
        return device.type != DeviceType.CPU ? format : failedAt is { } t ? $"{format}, {t} thread{(t == 1 ? "" : "s")}"
            : threads == 1 ? $"{format}, 1 thread" : $"{format}, 1 and {threads} threads";
    }
}

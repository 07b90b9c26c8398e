using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Benchmarks.Perf;
using Workbook.Data;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Runtime;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Cli.Commands;

public sealed class PerfSettings : CommandSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("steps (timed training steps, same output as tools/peers/pytorch_bench.py), peak (the CPU's FMA limit per vector width and torch's matmul beside it), " +
                 "breakdown (where a step's time goes), memory (RSS per epoch), scaling (batch size, threads, MNIST load), " +
                 "pitfalls (the same steps timed naively and correctly, on the CPU and any GPU: CSV), " +
                 "envelope (FLOPs, bytes and launches counted per step, this CPU against its FMA peak, and the predicted step on each GPU of the spec table), " +
                 "speedups (each model as written against its faster equivalent, one step each in turn).")]
    public string What { get; init; } = "";

    [CommandOption("--models <LIST>")]
    public string Models { get; init; } = "mlp,cnn,deep";

    [CommandOption("--threads <N>")]
    public int? Threads { get; init; }

    [CommandOption("--steps <N>")]
    public int Steps { get; init; } = 20;

    [CommandOption("--warmup <N>")]
    public int Warmup { get; init; } = 3;

    [CommandOption("--batch-size <N>")]
    public int BatchSize { get; init; } = 128;

    [CommandOption("--epochs <N>")]
    public int Epochs { get; init; } = 5;

    [CommandOption("--train-limit <N>")]
    public int? TrainLimit { get; init; }

    [CommandOption("--precision <NAME>")]
    [Description("steps, breakdown and memory: float32 (default) or bf16 mixed precision (a CPU with AVX512_BF16 or AMX only).")]
    public string Precision { get; init; } = "float32";

    /// <summary>Training options for timing --steps steps after --warmup, no evaluation: what `steps` and `envelope` time.</summary>
    public TrainOptions TimedSteps() => new() { BatchSize = BatchSize, WarmupSteps = Warmup, MaxStepsPerEpoch = Steps, Evaluate = false };

    public override ValidationResult Validate() =>
        What is "steps" or "peak" or "breakdown" or "memory" or "scaling" or "pitfalls" or "envelope" or "speedups"
            ? Steps > 0 && BatchSize > 0 && Epochs > 0 && Threads is null or > 0 ? ValidationResult.Success() : ValidationResult.Error("counts must be positive")
            : ValidationResult.Error($"unknown measurement '{What}': use steps, peak, breakdown, memory, scaling, pitfalls, envelope or speedups");
}

/// <summary>`workbook perf`: the measurements behind docs/performance.md, printed as key=value lines a script can parse.</summary>
public sealed class PerfCommand(IAnsiConsole console) : Command<PerfSettings>
{
    public override int Execute(CommandContext context, PerfSettings s, CancellationToken cancellationToken)
    {
        var models = s.Models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (models.FirstOrDefault(m => !ModelZoo.IsKnown(m)) is { } bad) throw new UsageException($"unknown model '{bad}'");
        TorchRuntime.Initialize();
        if (s.Threads is { } threads) set_num_threads(threads);
        switch (s.What)
        {
            case "peak":
                Peak(s.Threads);
                return WorkbookApp.Ok;
            case "scaling":
                Scaling(s);
                return WorkbookApp.Ok;
            case "pitfalls":
                PerfPitfalls.Write(console.Profile.Out.Writer, models, s);
                return WorkbookApp.Ok;
        }
        var precision = PrecisionOption.Parse(s.Precision);
        if (PrecisionSupport.WhyNot(precision, DeviceNames.Cpu, Bf16Instructions.Found(), null) is { } why)
            throw new UsageException($"--precision {s.Precision}: {why}");
        using var mnist = Mnist.Load();
        using var train = s.TrainLimit is { } n ? mnist.Train.Take(n) : mnist.Train.Take(mnist.Train.Count);
        if (s.What == "envelope")
        {
            PerfEnvelope.Write(console.Profile.Out.Writer, models, s, train);
            return WorkbookApp.Ok;
        }
        if (s.What == "speedups")
        {
            PerfSpeedUps.Write(console.Profile.Out.Writer, models, s, train);
            return WorkbookApp.Ok;
        }
        foreach (var key in models)
        {
            random.manual_seed(0);
            using var model = ModelZoo.CreateTimed(key, CPU).In(precision);
            switch (s.What)
            {
                case "steps":
                    var r = Trainer.Train(model, train, null, CPU, s.TimedSteps()).Last;
                    var samples = r.StepsRun * s.BatchSize;
                    var spread = Spread.Of(r.StepSeconds!); // one pass over the steps for the median and its range
                    Line(("peer", "workbook"), ("model", key), ("device", DeviceNames.Cpu), ("precision", precision.Name()), ("threads", get_num_threads()), ("batch", s.BatchSize),
                        ("steps", r.StepsRun), ("seconds", $"{r.MeasuredSeconds:F3}"), ("samples_per_s", $"{samples / r.MeasuredSeconds:F1}"),
                        ("step_ms", $"{1000 * r.MeasuredSeconds / r.StepsRun:F1}"), ("loss", $"{r.TrainLoss:F4}"),
                        ("gflops", $"{model.TrainingFlopsPerSample * samples / r.MeasuredSeconds / 1e9:F1}"),
                        ("step_ms_median", $"{1000 * spread.Median:F1}"),
                        ("step_ms_iqr", $"{1000 * spread.Low:F1}-{1000 * spread.High:F1}"),
                        ("step_iqr_half_percent", $"{100 * spread.RelativeHalfWidth:F1}"),
                        ("harness_percent", $"{100 * (r.MeasuredSeconds - r.StepSeconds!.Sum()) / r.MeasuredSeconds:F2}"),
                        ("torch", BuildInfo.LibTorchVersion), ("torchsharp", BuildInfo.TorchSharpVersion));
                    break;
                case "breakdown":
                    var p = StepBreakdown.Measure(model, train, CPU, s.BatchSize, s.Steps, s.Warmup);
                    Line(("model", key), ("threads", get_num_threads()), ("data_ms", $"{p.Data:F2}"), ("forward_ms", $"{p.Forward:F2}"),
                        ("backward_ms", $"{p.Backward:F2}"), ("optimizer_ms", $"{p.Optimizer:F2}"), ("harness_ms", $"{p.Harness:F2}"), ("step_ms", $"{p.Step:F2}"));
                    break;
                case "memory":
                    var epochs = MemoryProbe.Run(model, train, CPU, s.Epochs, s.BatchSize);
                    foreach (var e in epochs)
                        Line(("model", key), ("epoch", e.Epoch), ("rss_mib", $"{e.RssMiB:F1}"), ("live_tensors", e.LiveTensors), ("epoch_s", $"{e.EpochSeconds:F2}"));
                    Line(("model", key), ("rss_growth_epoch2_to_last_percent", $"{MemoryProbe.GrowthPercent(epochs):F2}"));
                    break;
            }
        }
        return WorkbookApp.Ok;
    }

    /// <summary>
    /// The machine's real limit (FMA throughput at each vector width; the peak is the fastest) and torch's GEMM beside
    /// it, on 1 thread and on all (or on --threads): the GEMM is a workload, and its share of the peak says how much of
    /// the machine the BLAS library uses.
    /// </summary>
    void Peak(int? threads)
    {
        foreach (var n in threads is { } t ? [t] : new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            set_num_threads(n);
            var rates = FmaPeak.SupportedWidths.Select(bits => FmaPeak.Measure(bits, n)).ToList();
            var peak = rates.MaxBy(r => r.GflopsPerSecond);
            var gemm = MatmulPeak.GflopsPerSecond();
            // bf16 on a 1024² matmul, 3 runs: without bf16 instructions each run takes seconds, not milliseconds.
            var gemmBf16 = MatmulPeak.GflopsPerSecond(1024, 3, ScalarType.BFloat16);
            var (bf16Limit, source) = Bf16Limit.Of(Bf16Instructions.Found(), rates.FirstOrDefault(r => r.VectorBits == 512));
            Line([("threads", n), ("peak_gflops", peak is null ? "n/a" : $"{peak.GflopsPerSecond:F1}"),
                .. rates.Select(r => ($"fma{r.VectorBits}_gflops", (object)$"{r.GflopsPerSecond:F1}")),
                ("matmul_gflops", $"{gemm:F1}"), ("matmul_of_peak", PeakShare.Format(gemm, peak?.GflopsPerSecond)),
                ("bf16_limit_gflops", bf16Limit is { } l ? $"{l:F1}" : "n/a"), ("bf16_limit", source), ("bf16_matmul_gflops", $"{gemmBf16:F1}")]);
        }
    }

    /// <summary>CNN step time against batch size and threads; MNIST load time and tensorising time against image count.</summary>
    void Scaling(PerfSettings s)
    {
        using var mnist = Mnist.Load();
        var max = Environment.ProcessorCount;
        foreach (var threads in new[] { 1, max }.Distinct())
        {
            set_num_threads(threads);
            foreach (var batch in new[] { 32, 64, 128, 256, 512 })
            {
                random.manual_seed(0);
                using var model = ModelZoo.CreateTimed("cnn", CPU);
                var r = Trainer.Train(model, mnist.Train, null, CPU, new TrainOptions { BatchSize = batch, WarmupSteps = 2, MaxStepsPerEpoch = s.Steps, Evaluate = false }).Last;
                Line(("scaling", "cnn_step"), ("threads", threads), ("batch", batch), ("step_ms", $"{1000 * r.MeasuredSeconds / r.StepsRun:F1}"),
                    ("ms_per_image", $"{1000 * r.MeasuredSeconds / r.StepsRun / batch:F3}"));
            }
        }
        var loads = Enumerable.Range(0, 3).Select(_ => { using var m = Mnist.Load(); return m.LoadSeconds; }).ToList();
        Line(("scaling", "mnist_load_all"), ("images", 70000), ("seconds_median", $"{Spread.MedianOf(loads):F3}"));
        var raw = Mnist.ReadAll(DataFolder.Mnist())[0];
        foreach (var n in new[] { 1000, 5000, 10000, 30000, 60000 })
        {
            var times = Enumerable.Range(0, 3).Select(_ =>
            {
                var clock = Stopwatch.StartNew();
                using var scope = NewDisposeScope();
                tensor(raw.Items[..(n * 784)].ToArray(), [n, 1, 28, 28], dtype: ScalarType.Byte).to_type(ScalarType.Float32).div_(255f);
                return clock.Elapsed.TotalSeconds;
            }).ToList();
            Line(("scaling", "mnist_tensorise"), ("images", n), ("seconds_median", $"{Spread.MedianOf(times):F4}"));
        }
    }

    void Line(params (string Key, object Value)[] pairs) =>
        // Straight to the output writer: Spectre would wrap long lines at 80 columns, which breaks parsing.
        console.Profile.Out.Writer.WriteLine(string.Join(' ', pairs.Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}")));
}

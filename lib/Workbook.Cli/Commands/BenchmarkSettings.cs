using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Workbook.Benchmarks;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Training;

namespace Workbook.Cli.Commands;

/// <summary>Options shared by `reproduce` (the blog's experiment) and `bench` (any plan).</summary>
public class BenchmarkSettings : CommandSettings
{
    [CommandOption("--models <LIST>")]
    [Description("Comma-separated models: mlp, cnn, deep (default: all three).")]
    public string Models { get; init; } = string.Join(",", ModelKeys.All);

    [CommandOption("--devices <LIST>")]
    [Description("Comma-separated devices: cpu, cuda (every usable GPU), cuda:N (default: cpu,cuda).")]
    public string Devices { get; init; } = "cpu,cuda";

    [CommandOption("--batch-size <LIST>")]
    [Description("Batch size(s), comma-separated (default: 128, the blog's).")]
    public string BatchSizes { get; init; } = "128";

    [CommandOption("--epochs <N>")]
    [Description("Epochs per configuration (default: 1, the blog's).")]
    public int Epochs { get; init; } = 1;

    [CommandOption("--placement <LIST>")]
    [Description("Data placement(s): resident (dataset on the device once), streamed (each batch copied in the step).")]
    public string Placements { get; init; } = "resident";

    [CommandOption("--train-limit <N>")]
    [Description("Train on the first N images only (default: all 60,000).")]
    public int? TrainLimit { get; init; }

    [CommandOption("--test-limit <N>")]
    [Description("Evaluate on the first N test images only (default: all 10,000).")]
    public int? TestLimit { get; init; }

    [CommandOption("--threads <N>")]
    [Description("CPU threads for torch (default: torch's choice, one per core).")]
    public int? Threads { get; init; }

    [CommandOption("--cpu-budget <SECONDS>")]
    [Description("A CPU epoch projected to take longer is timed for 20 batches and extrapolated (default: 240; 0 = never).")]
    public double CpuBudget { get; init; } = 240;

    [CommandOption("--optimizer <NAME>")]
    [Description("adadelta (lr 1.0, as the Keras example) or adam (lr 1e-3).")]
    public string Optimizer { get; init; } = "adadelta";

    [CommandOption("--precision <NAME>")]
    [Description("float32 (the blog's; on CUDA libtorch's default, convolutions in TF32), float32-strict (TF32 off), tf32 (CUDA), or bf16 (mixed precision: a CPU with AVX512_BF16 or AMX, or a GPU of compute capability 8.0+).")]
    public string Precision { get; init; } = "float32";

    [CommandOption("--out <DIR>")]
    [Description("Where results.csv and results.json go (default: artifacts/results/<timestamp>/).")]
    public string? Out { get; init; }

    [CommandOption("--data <DIR>")]
    [Description("Folder holding the MNIST files (default: data/mnist of the repository).")]
    public string? Data { get; init; }

    [CommandOption("--compare <DIR>")]
    [Description("Saved runs to put side by side with this one (e.g. data/results/<machine>); repeatable.")]
    public string[] Compare { get; init; } = [];

    [CommandOption("--quick")]
    [Description("A fast look: 2,000 training and 1,000 test images, CPU budget 60 s.")]
    public bool Quick { get; init; }

    public override ValidationResult Validate()
    {
        try { _ = ToPlan(); }
        catch (UsageException e) { return ValidationResult.Error(e.Message); }
        if (Epochs <= 0) return ValidationResult.Error("--epochs must be at least 1");
        if (Threads is <= 0) return ValidationResult.Error("--threads must be at least 1");
        if (TrainLimit is <= 0 || TestLimit is <= 0) return ValidationResult.Error("--train-limit and --test-limit must be positive");
        if (Compare.FirstOrDefault(d => !Directory.Exists(d)) is { } missing) return ValidationResult.Error($"--compare: no such folder {missing}");
        return ValidationResult.Success();
    }

    public BenchmarkPlan ToPlan()
    {
        var models = List(Models);
        foreach (var m in models.Where(m => !ModelZoo.IsKnown(m)))
            throw new UsageException($"unknown model '{m}' in --models; choose from {string.Join(", ", ModelKeys.All)}");
        var devices = List(Devices);
        foreach (var d in devices.Where(d => !DeviceNames.IsKnown(d)))
            throw new UsageException($"unknown device '{d}' in --devices; use cpu, cuda or cuda:N");
        var batches = List(BatchSizes).Select(b => int.TryParse(b, out var n) && n > 0 ? n
            : throw new UsageException($"--batch-size takes positive integers; got '{b}'")).ToList();
        var placements = List(Placements).Select(p => Enum.TryParse<Placement>(p, ignoreCase: true, out var v) ? v
            : throw new UsageException($"unknown placement '{p}'; use resident or streamed")).ToList();
        var optimizer = Enum.TryParse<OptimizerKind>(Optimizer, ignoreCase: true, out var o) ? o
            : throw new UsageException($"unknown optimizer '{Optimizer}'; use adadelta or adam");
        var precision = PrecisionOption.Parse(Precision);
        return new BenchmarkPlan
        {
            Models = models,
            Devices = devices,
            BatchSizes = batches,
            EpochCounts = [Epochs],
            Placements = placements,
            TrainLimit = TrainLimit ?? (Quick ? 2000 : null),
            TestLimit = TestLimit ?? (Quick ? 1000 : null),
            CpuEpochBudgetSeconds = (Quick ? Math.Min(60, CpuBudget) : CpuBudget) is > 0 and var budget ? budget : null,
            Optimizer = optimizer,
            Precision = precision,
        };
    }

    static List<string> List(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant())];
}

using Workbook.Data;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Reporting;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Cli.Commands;

/// <summary>
/// `workbook perf speedups`: each model as written against its faster equivalent (<see cref="SpeedUps"/>), the same
/// weights and the same batch of real images, one training step each in turn after a warm-up, so both see the same
/// machine state; prints the medians with their interquartile ranges and says "faster" only when the ranges separate.
/// </summary>
public static class PerfSpeedUps
{
    public static void Write(TextWriter output, IReadOnlyList<string> models, PerfSettings s, MnistSplit train)
    {
        output.WriteLine($"# threads={get_num_threads()} batch={s.BatchSize} steps={s.Steps} warmup={s.Warmup}, one step of each model in turn");
        using var batch = train.Take(s.BatchSize);
        foreach (var key in models)
        {
            random.manual_seed(0);
            using var plain = ModelZoo.Create(key);
            using var fast = ModelZoo.Create(key);
            fast.load_state_dict(plain.state_dict());
            var report = SpeedUps.Apply(fast, CPU);
            using var plainOptimizer = Trainer.CreateOptimizer(plain, OptimizerKind.Adadelta);
            using var fastOptimizer = Trainer.CreateOptimizer(fast, OptimizerKind.Adadelta);
            plain.train();
            fast.train();
            var (plainMs, fastMs) = (new List<double>(), new List<double>());
            for (var round = 0; round < s.Warmup + s.Steps; round++)
            {
                var a = StepSeconds(plain, plainOptimizer, batch);
                var b = StepSeconds(fast, fastOptimizer, batch);
                if (round < s.Warmup) continue;
                plainMs.Add(1000 * a);
                fastMs.Add(1000 * b);
            }
            var (asWritten, faster) = (Spread.Of(plainMs), Spread.Of(fastMs));
            var comparison = SpeedComparison.Of("the faster equivalent", faster, "the model as written", asWritten);
            output.WriteLine($"model={key} as_written_ms={asWritten.Median:F2} as_written_iqr={asWritten.Low:F2}-{asWritten.High:F2} " +
                             $"faster_ms={faster.Median:F2} faster_iqr={faster.Low:F2}-{faster.High:F2} steps={s.Steps}");
            output.WriteLine($"  speed-ups: {report.Describe()}");
            output.WriteLine($"  {comparison.Sentence}");
        }
    }

    /// <summary>One training step on the CPU, on the shared step and clock.</summary>
    static double StepSeconds(WorkbookModel model, IStepOptimizer optimizer, MnistSplit batch)
    {
        var clock = new StepClock(CPU);
        clock.Start();
        using (var scope = NewDisposeScope())
            TrainingStep.Run(model, optimizer, batch.Images, batch.Labels);
        clock.StepDone();
        return clock.Samples[0];
    }
}

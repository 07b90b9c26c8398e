using Workbook.Benchmarks.Envelope;
using Workbook.Models;
using Workbook.Reporting;
using Workbook.Runtime;

namespace Workbook.Tests.Reporting;

/// <summary>Notebook 04's "predict before you measure": the check takes a right prediction, and refuses the placeholder and the plausible wrong ones.</summary>
public class EnvelopeExerciseTests
{
    public EnvelopeExerciseTests() => TorchRuntime.Initialize();

    [Fact]
    public void The_check_accepts_the_envelopes_answer_and_refuses_the_placeholder_and_the_plausible_wrong_ones()
    {
        using var cnn = ModelZoo.KerasMnistCnn();
        var prediction = EnvelopeModel.Predict(StepCount.Count(cnn, "cnn"), GpuSpecs.H200, LaunchCost.Cited);
        const double cpuStep = 0.084; // the Zen 3's Keras CNN step (FACTS.md: 84-190 ms)
        var envelope = cpuStep / prediction.StepSeconds;
        string Name() => GpuSpecs.H200.Name;

        Assert.True(EnvelopeExercise.CheckSpeedup("Predict", envelope, envelope, Name()).Right);
        Assert.True(EnvelopeExercise.CheckSpeedup("Predict", 1.5 * envelope, envelope, Name()).Right); // a prediction, not a measurement

        var placeholder = EnvelopeExercise.CheckSpeedup("Predict", 0, envelope, Name());
        Assert.False(placeholder.Right);
        Assert.Contains("count the step first", placeholder.Message);

        // The blog's 10x, the old envelope's 1.2x, and the ratio of peaks (67 TFLOPS over this CPU's ~157 GFLOP/s), which forgets the launches.
        foreach (var wrong in new[] { 10, 1.2, 67_000 / 157.0 })
        {
            var verdict = EnvelopeExercise.CheckSpeedup("Predict", wrong, envelope, Name());
            Assert.False(verdict.Right, $"{wrong}x passed against the envelope's {envelope:F0}x");
            Assert.DoesNotContain($"{envelope:F0}", verdict.Message); // the hint never gives the answer away
        }
        Assert.False(EnvelopeExercise.CheckSpeedup("Predict", double.NaN, envelope, Name()).Right);
    }
}

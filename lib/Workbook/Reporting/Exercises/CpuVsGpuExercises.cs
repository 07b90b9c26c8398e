using Workbook.Benchmarks;

namespace Workbook.Reporting;

/// <summary>The checks of notebook 03's exercises (CPU vs GPU).</summary>
public static class CpuVsGpuExercises
{
    /// <summary>
    /// Exercise 1: a LeNet-5 factory that computes LeNet's function (checked on fixed weights), passed by the
    /// correctness gate and timed by the library's clock on all of <paramref name="images"/> images. The time is a
    /// <see cref="TimedTraining"/>, which only <see cref="TimedTraining.Run"/> makes: a number typed in is not accepted.
    /// </summary>
    public static ExerciseVerdict LeNet(TimedTraining? lenetRun, int images, double kerasCnnSeconds)
    {
        if (lenetRun is null)
            return Exercise.Check("Exercise 1", false, "",
                "write `lenet` as a factory (() => nn.Sequential(...)) following the prompt layer by layer, then time it with TimedTraining.Run, which checks it first.");
        var difference = LeNetReference.Difference(lenetRun.Factory);
        var right = difference is null && lenetRun.Seconds is not null && lenetRun.Images == images
            && lenetRun.LoopSeconds is > 0 && lenetRun.LoopSeconds <= lenetRun.Seconds;
        var s = lenetRun.Seconds ?? double.NaN;
        return Exercise.Check("Exercise 1", right,
            $"LeNet computes LeNet-5's function on fixed weights, passed the gate on {lenetRun.Device}, and trained {images:N0} images in {s:F2} s by the library's clock " +
            $"({images / s:N0} images/s) against {images / kerasCnnSeconds:N0} for the Keras CNN: {(s < kerasCnnSeconds ? $"{kerasCnnSeconds / s:F1}x faster" : $"{s / kerasCnnSeconds:F1}x slower")}. " +
            "Compare the two networks' FLOPs per image (notebook 02) to say why.",
            difference is not null ? difference
            : lenetRun.Seconds is null ? $"the gate refused to time it: {lenetRun.Gate.Refusal}"
            : lenetRun.Images != images ? $"it was timed on {lenetRun.Images:N0} images; time it on trainImages ({images:N0}), like the Keras CNN."
            : "your training loop must train the model it is given and return its own clock's seconds (TrainOnPage does).");
    }

    /// <summary>Exercise 2: the pitfall table's row that excludes both mistakes, in either spelling, case or word order.</summary>
    public static ExerciseVerdict HonestClock(string? answer)
    {
        var words = Answers.Words(answer);
        var right = words.SetEquals(["synchronised", "warm"]);
        return Exercise.Check("Exercise 2", right,
            "warm-up excluded (the first steps pay for allocation and kernel selection once) and the device synchronised before each clock read (a GPU returns before it has finished). On a CPU synchronising does no work; on a GPU only this clock reads the real time.",
            words.Count == 0 ? "which row of section 3's table leaves out both the first steps and the clock reads taken before the device has finished? Copy its name."
            : words.Contains("naive") ? "that row counts the first steps, which pay for allocation and kernel selection once."
            : words.Contains("no") || (words.Contains("warm") && !words.Contains("synchronised")) ? "that row reads the clock without waiting for the device: on a GPU it times how fast the work was queued."
            : words.Contains("loss") ? "that row is honest about the device, but it adds work of its own: reading the loss every step makes the CPU wait for the device each step, which training does not need."
            : $"\"{answer}\" is not a row of section 3's table: copy one row's name.");
    }
}

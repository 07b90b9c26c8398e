namespace Workbook.Reporting;

/// <summary>
/// Notebook 04's "predict before you measure": the student's predicted speedup of the Keras CNN on a GPU, checked
/// against the envelope's. A prediction is right within a factor of 2 either way (the envelope's own slack: its
/// efficiency is assumed and its launches are summed, not overlapped); the plausible wrong answers fall outside it: the
/// blog's 10x (another CPU, another GPU), the old envelope's 1.2x, and the ratio of peaks, which forgets the launches.
/// </summary>
public static class EnvelopeExercise
{
    public const double Tolerance = 2;

    public static ExerciseVerdict CheckSpeedup(string exercise, double guess, double envelopeSpeedup, string gpuName)
    {
        if (!double.IsFinite(envelopeSpeedup) || envelopeSpeedup <= 0)
            throw new ArgumentOutOfRangeException(nameof(envelopeSpeedup), envelopeSpeedup, "the envelope's speedup must be a positive number");
        var ratio = guess / envelopeSpeedup;
        var right = double.IsFinite(guess) && guess > 0 && ratio <= Tolerance && ratio >= 1 / Tolerance;
        return Exercise.Check(exercise, right,
            $"you predicted {guess:F0}x; the envelope predicts {envelopeSpeedup:F0}x on {gpuName}. Now look at what dominates its step in the table.",
            !double.IsFinite(guess) || guess <= 0
                ? "count the step first: its FLOPs (StepCount), the GPU's float32 rate from the spec table, and the launches; this CPU's step over the GPU's is the speedup."
                : ratio > Tolerance
                    ? $"{guess:F0}x is more than {Tolerance:F0}x above the envelope: a faster chip does not shorten every part of a step. Which part costs the same on any GPU?"
                    : $"{guess:F0}x is more than {Tolerance:F0}x below the envelope: work out how long the step's FLOPs take at {gpuName}'s float32 rate, and compare with this CPU's step.");
    }
}

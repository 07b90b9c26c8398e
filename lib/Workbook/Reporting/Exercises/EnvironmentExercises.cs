using Workbook.Devices;
using Workbook.Gate;

namespace Workbook.Reporting;

/// <summary>The checks of notebook 00's exercises (the environment).</summary>
public static class EnvironmentExercises
{
    /// <summary>Exercise 1: milliseconds for one 64 MiB copy at the usable check's bandwidth, computed any way.</summary>
    public static ExerciseVerdict CopyTime(double copyMilliseconds, UsableCheck check)
    {
        var gib = check.HostToDeviceGBps;
        var expected = 64.0 / 1024 / gib * 1000;
        var right = Answers.Near(copyMilliseconds, expected);
        return Exercise.Check("Exercise 1", right,
            $"{copyMilliseconds:F2} ms for 64 MiB at {gib:F2} GiB/s: a network whose batches are copied to the device pays this every step.",
            copyMilliseconds == 0 ? $"how many GiB is 64 MiB? At {gib:F2} GiB each second, how many seconds does that take, and how many milliseconds?"
            : Answers.Near(copyMilliseconds, expected / 1000, 1e-6) ? "that is the time in seconds; the exercise asks for milliseconds."
            : Answers.Near(copyMilliseconds, expected * 1.024) ? "a MiB and a GiB are powers of 2: 1 GiB is 1024 MiB, not 1000."
            : double.IsFinite(copyMilliseconds) && copyMilliseconds > 0
                ? $"{copyMilliseconds} ms for 64 MiB would mean {64.0 / 1024 / (copyMilliseconds / 1000):F2} GiB/s, but the check measured {gib:F2} GiB/s."
                : "a time is a positive number of milliseconds.");
    }

    /// <summary>Exercise 2: the gate refused a network whose layer "wrong" is off in float32 only, and named that layer.</summary>
    public static ExerciseVerdict WrongLayer(WorkloadVerdict? broken) => Exercise.Check("Exercise 2",
        broken is { Correct: false } && broken.Culprit?.StartsWith("wrong ", StringComparison.Ordinal) == true,
        $"the gate refused it: {broken?.Reason}",
        broken is null ? "run the gate on your network (WorkloadCheck.Run, on torch.CPU) and keep its verdict in `broken`."
        : broken.Correct ? "the gate found your network correct: it compares float32 against float64, so a layer that does the same in both (right or wrong) agrees with its reference. What must your layer do differently in float32?"
        : $"the gate refused it, but it names {(broken.Culprit is null ? "no single layer" : $"\"{broken.Culprit}\"")}: only your layer may be off, and its name in the nn.Sequential must be \"wrong\".");
}

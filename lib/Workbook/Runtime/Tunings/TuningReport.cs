namespace Workbook.Runtime;

/// <summary>One optional tuning's state for <see cref="RuntimeReport.Tunings"/>: what it is, what became of it and why,
/// and the environment variable that switches it.</summary>
public sealed record TuningReport(string Name, TuningOutcome Outcome, string Detail, string Switch)
{
    /// <summary>The runtime note for it: every state but "not needed", which changes nothing and would only be noise.</summary>
    public string? Note => Outcome switch
    {
        TuningOutcome.Applied => $"{Detail} ({Switch}=0 turns this off.)",
        TuningOutcome.Refused => $"{Name} not applied: {Detail} ({Switch}=force applies it anyway, at your risk.)",
        TuningOutcome.SwitchedOff => $"{Name} switched off by {Switch}: {Detail}",
        _ => null,
    };

    public static TuningReport Off(string name, string variable, string consequence) => new(name, TuningOutcome.SwitchedOff, consequence, variable);
}

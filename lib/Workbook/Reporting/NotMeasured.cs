namespace Workbook.Reporting;

/// <summary>
/// The one sentence every page prints where a number needs a GPU this machine does not have: the claims, the sweep's
/// findings and the envelope's predictions all say it the same way, from here.
/// </summary>
public static class NotMeasured
{
    /// <summary>What would measure it.</summary>
    public const string HowToMeasure = "tools/gpu-run.sh on a machine with an NVIDIA GPU would measure it (environment.md, 'A GPU machine without the .NET SDK')";

    /// <summary>"not measured here: {why}; tools/gpu-run.sh on a machine with an NVIDIA GPU would measure it (...)".</summary>
    public static string Here(string why) => $"not measured here: {why}; {HowToMeasure}";

    /// <summary>The same as a sentence of its own: "Not measured here: ... would measure it (...)."</summary>
    public static string Sentence(string why) => string.Concat(Here(why)[..1].ToUpperInvariant(), Here(why)[1..], ".");
}

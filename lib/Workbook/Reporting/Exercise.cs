using System.Net;

namespace Workbook.Reporting;

/// <summary>What an exercise's check cell answers: "Right" with what was confirmed, or "Not yet" with a hint.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record ExerciseVerdict(string Exercise, bool Right, string Message) : IHtmlContent
{
    public const string RightMark = "Right";
    public const string NotYetMark = "Not yet";

    public override string ToString() => Right ? $"{Exercise}: {RightMark}. {Message}" : $"{Exercise}: {NotYetMark}. Hint: {Message}";

    public string ToHtml() => Right
        ? $"<p style=\"color:#1a7f37\"><b>{WebUtility.HtmlEncode(Exercise)}: {RightMark}.</b> {WebUtility.HtmlEncode(Message)}</p>"
        : $"<p style=\"color:#9a6700\"><b>{WebUtility.HtmlEncode(Exercise)}: {NotYetMark}.</b> Hint: {WebUtility.HtmlEncode(Message)}</p>";
}

/// <summary>The notebooks' check cells: <c>Exercise.Check("Exercise 1", answer == expected, "why it is right", "a hint")</c>.</summary>
public static class Exercise
{
    public static ExerciseVerdict Check(string exercise, bool right, string whenRight, string hint) =>
        new(exercise, right, right ? whenRight : hint);

    /// <summary>A number within a relative tolerance of the expected one (measured answers are never exact).</summary>
    public static bool Near(double answer, double expected, double relative = 0.05) =>
        double.IsFinite(answer) && Math.Abs(answer - expected) <= relative * Math.Abs(expected);
}

using System.Text.RegularExpressions;

namespace Workbook.Reporting;

/// <summary>How the checks read a typed answer: what a student may vary without being wrong (case, spacing,
/// punctuation, word order, British or American spelling) is normalised away before the answer is judged.</summary>
static partial class Answers
{
    /// <summary>The answer's words, lower case, spelling unified, "and" dropped: "Synchronized and warm." gives {synchronised, warm}.</summary>
    public static HashSet<string> Words(string? answer) =>
        [.. NotALetter().Split((answer ?? "").ToLowerInvariant()).Where(w => w.Length > 0 && w != "and").Select(Spelling)];

    /// <summary>A model key or a word: case and surrounding spaces do not matter.</summary>
    public static bool Same(string? answer, string expected) =>
        string.Equals(answer?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>A number computed another way, or read off a table and rounded: within 1 % (or half the last shown
    /// digit, for small numbers) is the same answer.</summary>
    public static bool Near(double answer, double expected, double halfDigit = 0.005) =>
        double.IsFinite(answer) && Math.Abs(answer - expected) <= Math.Max(0.01 * Math.Abs(expected), halfDigit);

    static string Spelling(string word) => word switch
    {
        "synchronized" or "synced" or "synchronous" => "synchronised",
        "synchronization" => "synchronisation",
        _ => word,
    };

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NotALetter();
}

using Workbook.Training;

namespace Workbook.Reporting;

/// <summary>
/// Two timed figures (lower is faster) compared the only way a page may compare them: a ratio is claimed when their
/// interquartile ranges separate, otherwise the page says there is no measurable difference and how wide the noise was.
/// <see cref="Separated"/> is false then, and <see cref="Ratio"/> (slow over fast, of the medians) is not worth quoting.
/// </summary>
public sealed record SpeedComparison(string Fast, string Slow, double Ratio, bool Separated, double NoisePercent)
{
    /// <summary>Compares the times of <paramref name="a"/> and <paramref name="b"/> (named for the sentence).</summary>
    public static SpeedComparison Of(string a, Spread aTime, string b, Spread bTime)
    {
        var aFaster = aTime.Median <= bTime.Median;
        var (fast, slow) = aFaster ? (aTime, bTime) : (bTime, aTime);
        var noise = 100 * Math.Max(aTime.RelativeHalfWidth, bTime.RelativeHalfWidth);
        return new(aFaster ? a : b, aFaster ? b : a, slow.Median / fast.Median, aTime.SeparatesFrom(bTime), noise);
    }

    /// <summary>"the GPU is 9.8x as fast as the CPU" or "no measurable difference here between X and Y (±6%)".</summary>
    public string Sentence => Separated
        ? $"{Fast} is {Ratio:F1}x as fast as {Slow} (the interquartile ranges do not overlap)"
        : $"no measurable difference here between {Fast} and {Slow} (medians {Ratio:F2}x apart, inside the noise of ±{NoisePercent:F0}%)";

    /// <summary>How much faster <paramref name="name"/> is when the spreads separate: above 1 when it is the faster one,
    /// below 1 when it is slower; null inside the noise.</summary>
    public double? SpeedupOf(string name) => !Separated ? null : name == Fast ? Ratio : 1 / Ratio;
}

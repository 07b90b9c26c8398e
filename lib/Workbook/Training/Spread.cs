using System.Globalization;
using System.Text.Json.Serialization;

namespace Workbook.Training;

/// <summary>
/// A timed figure as the workbook reports it: the median of <see cref="Count"/> samples and their interquartile range
/// (<see cref="Low"/> to <see cref="High"/>). The quartiles, not min-max: on a shared 2-core machine one step in twenty
/// can take twice as long because a neighbour woke up, and that step says nothing about the work being timed.
/// </summary>
public sealed record Spread(double Median, double Low, double High, int Count)
{
    /// <summary>The median and quartiles of <paramref name="samples"/> (linear interpolation between order statistics).</summary>
    public static Spread Of(IEnumerable<double> samples)
    {
        var sorted = samples.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("a spread needs at least one finite sample", nameof(samples));
        return new Spread(Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75), sorted.Length);
    }

    /// <summary>The one median of the workbook: every timed figure and every table's median goes through here.</summary>
    public static double MedianOf(IEnumerable<double> samples) => Of(samples).Median;

    static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Half the interquartile range against the median: "±4%" on a page. Derived, so not saved.</summary>
    [JsonIgnore]
    public double RelativeHalfWidth => Median == 0 ? 0 : (High - Low) / 2 / Math.Abs(Median);

    /// <summary>True when the two interquartile ranges do not overlap: only then does a page say "faster" or "x times".</summary>
    public bool SeparatesFrom(Spread other) => High < other.Low || other.High < Low;

    /// <summary>The same spread in other units (seconds to milliseconds, per step to per epoch).</summary>
    public Spread Scale(double factor) => factor >= 0
        ? new(Median * factor, Low * factor, High * factor, Count)
        : new(Median * factor, High * factor, Low * factor, Count);

    /// <summary>"84.1 ms (IQR 82.0-86.3, 20 steps)" with the given format and unit.</summary>
    public string Describe(string unit, string format = "F1", string what = "steps") =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Median.ToString(format, CultureInfo.InvariantCulture)} {unit} (IQR {Low.ToString(format, CultureInfo.InvariantCulture)}-{High.ToString(format, CultureInfo.InvariantCulture)}, {Count} {what})");
}

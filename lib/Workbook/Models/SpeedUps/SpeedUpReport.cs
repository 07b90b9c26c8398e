namespace Workbook.Models;

/// <summary>One rewrite <see cref="SpeedUps.Apply"/> considered: applied (and where) or not (and why).</summary>
public sealed record SpeedUpOutcome(string Name, bool Applied, string Detail);

/// <summary>What <see cref="SpeedUps.Apply"/> did to a model on a device, for the row that times it.</summary>
public sealed record SpeedUpReport(string Device, IReadOnlyList<SpeedUpOutcome> Outcomes)
{
    public IEnumerable<SpeedUpOutcome> Applied => Outcomes.Where(o => o.Applied);

    /// <summary>"relu after max pooling (relu_2); ..." or "none (...why...)": the row's <c>speed-ups</c> column.</summary>
    public string Describe() => Applied.Any()
        ? string.Join("; ", Applied.Select(o => $"{o.Name} ({o.Detail})"))
        : $"none: {string.Join("; ", Outcomes.Select(o => o.Detail).Distinct())}";
}

namespace Workbook.Models;

/// <summary>One row of a model summary: what the layer is, the shape it outputs for one image, its weights and its FLOPs.</summary>
public sealed record LayerSummary(string Name, string Kind, long[] OutputShape, long Parameters, long ForwardFlops)
{
    public string Shape => $"[{string.Join(", ", OutputShape)}]";
}

namespace Workbook.Gate;

/// <summary>One convolution of the diagnostic grid: where it comes from, its input and weight shapes, its padding.</summary>
public sealed record ConvCase(string Source, long[] Input, long[] Weight, long Padding)
{
    public string Operation => $"conv {NumericError.Shape(Input)} → {NumericError.Shape(Weight)}{(Padding > 0 ? $", pad {Padding}" : "")}";
}

namespace Workbook.Benchmarks;

/// <summary>One column of the results: its name, the type of its cells and how a row fills it (null: an empty cell).</summary>
public sealed record ResultColumn(string Name, Type Type, Func<ResultRow, object?> Value)
{
    public static ResultColumn Of<T>(string name, Func<ResultRow, T> value) => new(name, typeof(T), r => value(r));
}

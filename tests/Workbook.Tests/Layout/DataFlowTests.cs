using System.Text.RegularExpressions;

namespace Workbook.Tests.Layout;

/// <summary>
/// The library's folders in the order data flows through them (README, "Layout"): a file may use its own folder and the
/// folders before it, never one after it, so each folder can be read knowing only what comes before.
/// </summary>
public partial class DataFlowTests
{
    static readonly string[] Flow = ["Runtime", "Devices", "Data", "Models", "Training", "Gate", "Benchmarks", "Reporting"];

    static string Library => Path.Combine(Repo.Root, "lib", "Workbook");

    [Fact]
    public void Every_library_folder_has_its_place_in_the_flow() =>
        Assert.Equal(Flow.Order(), Directory.GetDirectories(Library).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Order()!);

    [Fact]
    public void No_folder_uses_one_that_comes_after_it()
    {
        var violations = new List<string>();
        for (var i = 0; i < Flow.Length; i++)
        {
            var later = Flow[(i + 1)..];
            if (later.Length == 0) continue;
            var reference = new Regex($@"\bWorkbook\.({string.Join("|", later)})\b");
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Library, Flow[i]), "*.cs", SearchOption.AllDirectories))
                foreach (var (line, number) in File.ReadLines(file).Select((l, n) => (l, n + 1)))
                    if (!Comment().IsMatch(line) && reference.Match(line) is { Success: true } m)
                        violations.Add($"{Path.GetRelativePath(Library, file)}:{number} uses {m.Value}");
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_check_finds_a_folder_that_reaches_forward()
    {
        // The rule above must be able to fail: a line as a Training file would write it if it called the gate.
        var later = new Regex($@"\bWorkbook\.({string.Join("|", Flow[(Array.IndexOf(Flow, "Training") + 1)..])})\b");
        Assert.Matches(later, "using Workbook.Gate;");
        Assert.DoesNotMatch(later, "using Workbook.Models;");
        Assert.Matches(Comment(), "    /// <see cref=\"Workbook.Gate.WorkloadCheck\"/>");
    }

    [GeneratedRegex(@"^\s*//")]
    private static partial Regex Comment();
}

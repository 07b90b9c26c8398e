namespace Workbook.Reporting;

/// <summary>
/// The notebooks' one switch: WORKBOOK_QUICK=1 (or `workbook notebooks run --quick`) uses small subsets so all five run
/// in minutes; unset, they use the blog's full settings.
/// </summary>
public static class NotebookMode
{
    public const string Variable = "WORKBOOK_QUICK";

    public static bool Quick => Environment.GetEnvironmentVariable(Variable) is "1" or "true" or "yes";

    /// <summary>Training images: 60,000 (the blog's), or 2,000 in quick mode.</summary>
    public static int? TrainLimit => Quick ? 2000 : null;

    /// <summary>Test images: 10,000, or 1,000 in quick mode.</summary>
    public static int? TestLimit => Quick ? 1000 : null;

    public static string Describe() => Quick
        ? $"Quick mode ({Variable}=1): 2,000 training and 1,000 test images. Unset {Variable} for the blog's full settings."
        : $"Full settings: all 60,000 training and 10,000 test images (set {Variable}=1 for a quick look).";
}

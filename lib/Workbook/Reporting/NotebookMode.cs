namespace Workbook.Reporting;

/// <summary>
/// The notebooks' one switch. Each notebook's first cell has a visible <c>var Quick = true;</c> line and passes it to
/// <see cref="NotebookSession.Start"/>; WORKBOOK_QUICK (1 or 0, set by `workbook notebooks run --quick` / `--full` and
/// tools/jupyter-run.sh) overrides that line, so a test or a headless run decides without editing the notebook.
/// Quick: small subsets, every notebook in minutes on a laptop. Full: the blog's settings.
/// </summary>
public static class NotebookMode
{
    public const string Variable = "WORKBOOK_QUICK";

    static bool? chosen;

    /// <summary>What the notebook's own line asked for (null before a notebook has started).</summary>
    public static void Use(bool quick) => chosen = quick;

    /// <summary>The environment variable when it is set to a yes or a no; otherwise the notebook's line; otherwise full.</summary>
    public static bool Quick => FromEnvironment() ?? chosen ?? false;

    /// <summary>Whether WORKBOOK_QUICK, not the notebook's line, decided.</summary>
    public static bool Overridden => FromEnvironment() is { } env && env != chosen;

    static bool? FromEnvironment() => Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" => false,
        _ => null,
    };

    /// <summary>Training images: 60,000 (the blog's), or 2,000 in quick mode.</summary>
    public static int? TrainLimit => Quick ? 2000 : null;

    /// <summary>Test images: 10,000, or 1,000 in quick mode.</summary>
    public static int? TestLimit => Quick ? 1000 : null;

    public static string Describe()
    {
        var why = Overridden ? $" ({Variable}={Environment.GetEnvironmentVariable(Variable)} overrides the notebook's Quick line)" : "";
        return Quick
            ? $"Quick mode{why}: 2,000 training and 1,000 test images. Set Quick = false for the blog's full settings."
            : $"Full settings{why}: all 60,000 training and 10,000 test images, as the blog. Set Quick = true for a quick look.";
    }
}

namespace Workbook.Runtime;

/// <summary>Reads a tuning's environment variable, e.g. WORKBOOK_MKL_AVX512=0.</summary>
public static class TuningSwitch
{
    public static TuningSetting Read(Func<string, string?> environment, string variable) =>
        environment(variable)?.Trim().ToLowerInvariant() switch
        {
            "0" or "false" or "off" => TuningSetting.Off,
            "force" => TuningSetting.Force,
            _ => TuningSetting.Verified,
        };
}

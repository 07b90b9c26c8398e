using Workbook.Devices;

namespace Workbook.Cli.Commands;

/// <summary>The --precision option of `reproduce`, `bench` and `perf`: a name that is not a precision is a usage error (exit 2).</summary>
internal static class PrecisionOption
{
    public static Precision Parse(string value)
    {
        try
        {
            return PrecisionNames.Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--precision: {e.Message}");
        }
    }
}

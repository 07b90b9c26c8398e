namespace Workbook.Runtime;

/// <summary>
/// The one error the runtime raises: what failed to load, the loader's own words, and what to do about it.
/// </summary>
public sealed class TorchRuntimeException(string problem, string fix, string? loaderError = null, Exception? inner = null)
    : Exception(Compose(problem, fix, loaderError), inner)
{
    public string Problem { get; } = problem;
    public string Fix { get; } = fix;
    public string? LoaderError { get; } = loaderError;

    static string Compose(string problem, string fix, string? loaderError) =>
        loaderError is null
            ? $"{problem}\nFix: {fix}"
            : $"{problem}\nLoader said: {loaderError}\nFix: {fix}";
}

namespace Workbook.Runtime;

/// <summary>
/// The one build of a native file a tuning was verified on, by SHA-256, as <see cref="PatchedGlue"/> pins the glue:
/// a tuning that calls a library's internals or writes into its memory is only known to be safe on the bytes it was tried on.
/// </summary>
/// <param name="What">The file as a person would name it, e.g. "libtorch_cpu.so of libtorch-cpu-linux-x64 2.10.0".</param>
public sealed record BinaryPin(string What, string Sha256)
{
    /// <summary>Null when <paramref name="path"/> is the pinned file; otherwise why the tuning leaves it alone.</summary>
    public string? Refusal(string path, Func<string, string?> environment)
    {
        string sha256;
        try { sha256 = FileSha256.Of(path, environment); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} could not be read to check that it is the {What} it was verified on ({e.Message}).";
        }
        return sha256 == Sha256 ? null
            : $"{path} (SHA-256 {sha256}) is not the {What} (SHA-256 {Sha256}), the only build it was verified on.";
    }
}

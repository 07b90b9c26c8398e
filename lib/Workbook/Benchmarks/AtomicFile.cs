namespace Workbook.Benchmarks;

/// <summary>Writes through a temporary file in the same folder and renames it over the target: readers see old or new, never half.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var temp = $"{path}.{System.Environment.ProcessId}.tmp";
        using (var stream = File.Create(temp)) write(stream);
        File.Move(temp, path, overwrite: true);
    }
}

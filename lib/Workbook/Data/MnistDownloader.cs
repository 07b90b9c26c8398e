namespace Workbook.Data;

/// <summary>Progress of one download: file, bytes so far, total bytes when the server says.</summary>
public readonly record struct DownloadProgress(string File, long Bytes, long? Total);

/// <summary>
/// Fetches missing MNIST files from the usual public mirrors, verifies each one exactly as a load would, and only then
/// moves it into place, so a failed or interrupted download never leaves a bad file behind.
/// </summary>
public static class MnistDownloader
{
    /// <summary>The mirrors torchvision and TensorFlow use; the original site throttles automated downloads.</summary>
    public static IReadOnlyList<string> Mirrors { get; } =
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ];

    /// <summary>Downloads every file that is missing from <paramref name="dir"/>; returns the names fetched.</summary>
    public static async Task<IReadOnlyList<string>> DownloadMissingAsync(string dir, IProgress<DownloadProgress>? progress = null,
        IReadOnlyList<string>? mirrors = null, HttpClient? client = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(dir);
        using var owned = client is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(5) } : null;
        var http = client ?? owned!;
        var fetched = new List<string>();
        foreach (var file in MnistFile.All.Where(f => IdxFile.Locate(dir, f) is null))
        {
            await FetchOneAsync(http, dir, file, mirrors ?? Mirrors, progress, cancel);
            fetched.Add(file.Name + ".gz");
        }
        return fetched;
    }

    static async Task FetchOneAsync(HttpClient http, string dir, MnistFile file, IReadOnlyList<string> mirrors,
        IProgress<DownloadProgress>? progress, CancellationToken cancel)
    {
        var name = file.Name + ".gz";
        var staging = Path.Combine(dir, $".download-{Environment.ProcessId}");
        Directory.CreateDirectory(staging);
        var failures = new List<string>();
        try
        {
            foreach (var mirror in mirrors)
            {
                var temp = Path.Combine(staging, name);
                try
                {
                    using var response = await http.GetAsync(mirror + name, HttpCompletionOption.ResponseHeadersRead, cancel);
                    response.EnsureSuccessStatusCode();
                    var total = response.Content.Headers.ContentLength;
                    await using (var source = await response.Content.ReadAsStreamAsync(cancel))
                    await using (var target = File.Create(temp))
                    {
                        var buffer = new byte[81920];
                        long done = 0;
                        int read;
                        while ((read = await source.ReadAsync(buffer, cancel)) > 0)
                        {
                            await target.WriteAsync(buffer.AsMemory(0, read), cancel);
                            done += read;
                            progress?.Report(new DownloadProgress(name, done, total));
                        }
                    }
                    IdxFile.Read(staging, file); // same checks as a load: structure, counts, SHA-256
                    File.Move(temp, Path.Combine(dir, name), overwrite: true);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or MnistDataException
                                          && !cancel.IsCancellationRequested)
                {
                    failures.Add($"{mirror}{name}: {e.Message.Split('\n')[0]}");
                }
            }
        }
        finally
        {
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { }
        }
        throw new MnistDataException(Path.Combine(dir, name), $"could not be downloaded: {string.Join("; ", failures)}.",
            $"Without internet, copy {name} (from the workbook repository's data/mnist, or any MNIST distribution) into {dir}.");
    }
}

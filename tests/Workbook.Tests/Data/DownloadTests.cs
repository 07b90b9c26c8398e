using System.Net;
using System.Net.Sockets;
using Workbook.Data;

namespace Workbook.Tests.Data;

/// <summary>Downloads against mirrors served on loopback: a real HTTP path, no internet needed.</summary>
public sealed class DownloadTests : IDisposable
{
    readonly HttpListener listener = new();
    readonly string prefix;
    readonly CancellationTokenSource stop = new();

    public DownloadTests()
    {
        var port = FreePort();
        prefix = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(prefix);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>/good/ serves the shipped files; /bad/ serves the right names with damaged content; others 404.</summary>
    async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            var path = ctx.Request.Url!.AbsolutePath;
            var file = Path.Combine(Repo.Mnist, Path.GetFileName(path));
            if (path.StartsWith("/good/") && File.Exists(file))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes);
            }
            else if (path.StartsWith("/bad/"))
            {
                var bytes = "<html>not mnist</html>"u8.ToArray();
                await ctx.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                ctx.Response.StatusCode = 404;
            }
            ctx.Response.Close();
        }
    }

    [Fact]
    public async Task Missing_files_are_fetched_verified_and_reported()
    {
        using var scratch = new ScratchDir();
        File.Copy(Path.Combine(Repo.Mnist, "train-images-idx3-ubyte.gz"), scratch.File("train-images-idx3-ubyte.gz"));
        var reports = new List<DownloadProgress>();
        var fetched = await MnistDownloader.DownloadMissingAsync(scratch.Path, new Workbook.Training.SyncProgress<DownloadProgress>(reports.Add),
            [prefix + "bad/", prefix + "good/"]);
        Assert.Equal(["train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"], fetched);
        Assert.Contains(reports, r => r.File == "t10k-images-idx3-ubyte.gz" && r.Bytes == r.Total);
        Assert.All(MnistFile.All, f => IdxFile.Read(scratch.Path, f));
        Assert.Empty(Directory.GetDirectories(scratch.Path));
    }

    [Fact]
    public async Task When_every_mirror_fails_the_error_says_what_to_copy_where()
    {
        using var scratch = new ScratchDir();
        var e = await Assert.ThrowsAsync<MnistDataException>(() =>
            MnistDownloader.DownloadMissingAsync(scratch.Path, null, [prefix + "bad/", prefix + "missing/"]));
        Assert.Contains("could not be downloaded", e.Problem);
        Assert.Contains("404", e.Problem);
        Assert.Contains(scratch.Path, e.Fix);
        Assert.Empty(Directory.GetFiles(scratch.Path));
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
    }
}

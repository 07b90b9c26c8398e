using System.Diagnostics;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Data;

/// <summary>MNIST, loaded from data/mnist: train and test splits as tensors, and how the files were verified.</summary>
public sealed class Mnist : IDisposable
{
    Mnist(string folder, MnistSplit train, MnistSplit test, IReadOnlyList<IdxContent> files, double seconds)
    {
        Folder = folder;
        Train = train;
        Test = test;
        Files = [.. files.Select(MnistFileStatus.Of)];
        LoadSeconds = seconds;
    }

    public string Folder { get; }
    public MnistSplit Train { get; }
    public MnistSplit Test { get; }
    public IReadOnlyList<MnistFileStatus> Files { get; }
    public double LoadSeconds { get; }

    /// <summary>
    /// Reads and verifies the four files (SHA-256 of the raw IDX bytes), then builds the tensors. Every check runs before
    /// any tensor exists, so a bad file leaves nothing half-loaded.
    /// </summary>
    /// <param name="folder">The folder holding the files; default: see <see cref="DataFolder.Mnist"/>.</param>
    /// <exception cref="MnistDataException">Names the file, the problem and the fix.</exception>
    public static Mnist Load(string? folder = null)
    {
        var clock = Stopwatch.StartNew();
        var dir = DataFolder.Mnist(folder);
        var files = ReadAll(dir);
        TorchRuntime.Initialize();
        var train = Split("train", files[0], files[1]);
        var test = Split("test", files[2], files[3]);
        return new Mnist(dir, train, test, files, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Reads and verifies every file without building tensors (what 'workbook doctor' shows).</summary>
    public static IReadOnlyList<IdxContent> ReadAll(string dir)
    {
        // Decompression dominates and the four files are independent; a problem is reported for the first file in
        // the usual order, so the message does not depend on which thread finished first.
        var reads = MnistFile.All.Select(f => Task.Run(() => IdxFile.Read(dir, f))).ToArray();
        try
        {
            Task.WaitAll(reads);
        }
        catch (AggregateException)
        {
            reads.First(r => r.IsFaulted).GetAwaiter().GetResult();
        }
        return [.. reads.Select(r => r.Result)];
    }

    static MnistSplit Split(string name, IdxContent images, IdxContent labels)
    {
        if (images.Count != labels.Count)
            throw new MnistDataException(labels.Path, $"holds {labels.Count} labels but {images.Path} holds {images.Count} images.",
                "Use the image and label files of the same split, as shipped in data/mnist.");
        var labelBytes = labels.Items;
        for (var i = 0; i < labelBytes.Length; i++)
            if (labelBytes[i] >= MnistSplit.Classes)
                throw new MnistDataException(labels.Path, $"label {i} is {labelBytes[i]}; MNIST labels are 0..9.", "Restore the file from the repository.");

        using var scope = NewDisposeScope();
        var pixels = tensor(images.Items.ToArray(), [images.Count, 1, MnistFile.Rows, MnistFile.Columns], dtype: ScalarType.Byte);
        var x = pixels.to_type(ScalarType.Float32).div_(255f);
        var y = tensor(labelBytes.ToArray(), dtype: ScalarType.Byte).to_type(ScalarType.Int64);
        return new MnistSplit(name, x, y);
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}

/// <summary>How one file was found and checked.</summary>
public sealed record MnistFileStatus(string Name, string Path, bool Gzipped, int Count, bool Verified)
{
    /// <summary>A file that <see cref="Mnist.ReadAll"/> returned: it passed its SHA-256 check.</summary>
    public static MnistFileStatus Of(IdxContent f) => new(f.File.Name, f.Path, f.Gzipped, f.Count, Verified: true);
}

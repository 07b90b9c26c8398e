using System.Buffers.Binary;
using System.IO.Compression;
using Workbook.Data;

namespace Workbook.Tests.Data;

/// <summary>Each way a user's data can be broken gives an error that names the file, the problem and the fix.</summary>
public class BadDataTests
{
    static byte[] Raw(MnistFile file)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Repo.Mnist, file.Name + ".gz")), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    static MnistDataException ReadBroken(MnistFile file, Func<byte[], byte[]> breakIt, bool gzip = false)
    {
        using var scratch = new ScratchDir();
        var bytes = breakIt(Raw(file));
        if (gzip)
        {
            using var output = File.Create(scratch.File(file.Name + ".gz"));
            using var gz = new GZipStream(output, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(scratch.File(file.Name), bytes);
        }
        var e = Assert.Throws<MnistDataException>(() => IdxFile.Read(scratch.Path, file));
        Assert.StartsWith(scratch.Path, e.File);
        Assert.Contains(file.Name, e.Message);
        Assert.Contains("Fix:", e.Message);
        return e;
    }

    [Fact]
    public void Missing_file_says_where_to_put_it()
    {
        using var scratch = new ScratchDir();
        var e = Assert.Throws<MnistDataException>(() => Mnist.Load(scratch.Path));
        Assert.Contains("missing", e.Problem);
        Assert.Contains("workbook data download", e.Fix);
        Assert.Contains(scratch.Path, e.Fix);
    }

    [Fact]
    public void Truncated_file() =>
        Assert.Contains("truncated", ReadBroken(MnistFile.TestImages, b => b[..(b.Length / 2)]).Problem);

    [Fact]
    public void Wrong_magic_number() =>
        Assert.Contains("magic number 0x00000801, expected 0x00000803",
            ReadBroken(MnistFile.TestImages, b => { b[3] = 0x01; return b; }).Problem);

    [Fact]
    public void Image_and_label_counts_disagree()
    {
        var e = ReadBroken(MnistFile.TestLabels, b =>
        {
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), 9999);
            return b[..^1];
        }, gzip: true);
        Assert.Contains("says it holds 9999 items", e.Problem);
    }

    [Fact]
    public void Wrong_image_size() =>
        Assert.Contains("32x28 images",
            ReadBroken(MnistFile.TestImages, b => { BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), 32); return b; }).Problem);

    [Fact]
    public void Checksum_mismatch_after_one_changed_pixel() =>
        Assert.Contains("fails its checksum",
            ReadBroken(MnistFile.TestImages, b => { b[5000] ^= 0xFF; return b; }, gzip: true).Problem);

    [Fact]
    public void Corrupt_gzip()
    {
        using var scratch = new ScratchDir();
        File.WriteAllBytes(scratch.File(MnistFile.TrainLabels.Name + ".gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        var e = Assert.Throws<MnistDataException>(() => IdxFile.Read(scratch.Path, MnistFile.TrainLabels));
        Assert.Contains("gzip", e.Problem);
    }

    [Fact]
    public void Truncated_gzip_download()
    {
        using var scratch = new ScratchDir();
        var gz = File.ReadAllBytes(Path.Combine(Repo.Mnist, MnistFile.TestLabels.Name + ".gz"));
        File.WriteAllBytes(scratch.File(MnistFile.TestLabels.Name + ".gz"), gz[..(gz.Length / 2)]);
        var e = Assert.Throws<MnistDataException>(() => IdxFile.Read(scratch.Path, MnistFile.TestLabels));
        Assert.Matches("gzip|truncated", e.Problem);
    }

    [Fact]
    public void Raw_files_load_as_well_as_gz()
    {
        using var scratch = new ScratchDir();
        File.WriteAllBytes(scratch.File(MnistFile.TestLabels.Name), Raw(MnistFile.TestLabels));
        var content = IdxFile.Read(scratch.Path, MnistFile.TestLabels);
        Assert.False(content.Gzipped);
        Assert.Equal(10000, content.Items.Length);
    }
}

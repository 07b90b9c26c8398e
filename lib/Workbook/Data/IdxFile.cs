using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Workbook.Data;

/// <summary>A verified IDX file: its raw bytes (header included) and where it came from.</summary>
public sealed record IdxContent(MnistFile File, string Path, bool Gzipped, byte[] Bytes)
{
    public int Count => File.Count;

    public ReadOnlySpan<byte> Items => Bytes.AsSpan(File.HeaderBytes);
}

/// <summary>Reads an MNIST IDX file (.gz or raw) and checks it, most specific problem first, so the message says what is wrong.</summary>
public static class IdxFile
{
    /// <summary>The path that will be read: the .gz if present, else the raw file, else null.</summary>
    public static string? Locate(string dir, MnistFile file)
    {
        var gz = Path.Combine(dir, file.Name + ".gz");
        if (File.Exists(gz)) return gz;
        var raw = Path.Combine(dir, file.Name);
        return File.Exists(raw) ? raw : null;
    }

    public static IdxContent Read(string dir, MnistFile file)
    {
        var path = Locate(dir, file) ?? throw new MnistDataException(Path.Combine(dir, file.Name + ".gz"),
            $"missing (neither {file.Name}.gz nor {file.Name} is in {dir}).",
            $"Put {file.Name}.gz in {dir} (the repository ships it in data/mnist/), or run 'workbook data download --dir {dir}'.");
        var gzipped = path.EndsWith(".gz", StringComparison.Ordinal);
        var bytes = gzipped ? Gunzip(path) : System.IO.File.ReadAllBytes(path);
        Check(file, path, bytes);
        return new IdxContent(file, path, gzipped, bytes);
    }

    static byte[] Gunzip(string path)
    {
        try
        {
            using var input = System.IO.File.OpenRead(path);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(capacity: (int)Math.Min(int.MaxValue, input.Length * 8));
            gzip.CopyTo(output);
            return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new MnistDataException(path, $"is not a valid gzip file ({e.Message}).", Restore(path), e);
        }
        catch (EndOfStreamException e)
        {
            throw new MnistDataException(path, "ends in the middle of its gzip stream (truncated download or copy).", Restore(path), e);
        }
    }

    static void Check(MnistFile file, string path, byte[] bytes)
    {
        if (bytes.Length < file.HeaderBytes)
            throw new MnistDataException(path, $"is {bytes.Length} bytes, shorter than an IDX header ({file.HeaderBytes} bytes).", Restore(path));
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != file.Magic)
            throw new MnistDataException(path,
                $"has magic number 0x{magic:X8}, expected 0x{file.Magic:X8} ({(file.IsImages ? "unsigned-byte images, 3 dimensions" : "unsigned-byte labels, 1 dimension")}): " +
                "this is not the file its name says.", Restore(path));
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (file.IsImages)
        {
            var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
            var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
            if (rows != MnistFile.Rows || cols != MnistFile.Columns)
                throw new MnistDataException(path, $"holds {rows}x{cols} images; MNIST images are {MnistFile.Rows}x{MnistFile.Columns}.", Restore(path));
        }
        if (count != file.Count)
            throw new MnistDataException(path, $"says it holds {count} items; MNIST's {file.Name} holds {file.Count}.", Restore(path));
        if (bytes.Length != file.ExpectedBytes)
            throw new MnistDataException(path,
                bytes.Length < file.ExpectedBytes
                    ? $"is truncated: {bytes.Length} bytes of IDX data, {file.ExpectedBytes} expected for {count} items."
                    : $"has {bytes.Length - file.ExpectedBytes} bytes past its last item ({file.ExpectedBytes} expected).",
                Restore(path));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != file.Sha256)
            throw new MnistDataException(path,
                $"fails its checksum: SHA-256 of the raw IDX bytes is {sha}, expected {file.Sha256}. The content was altered or corrupted.",
                Restore(path));
    }

    static string Restore(string path) =>
        $"Restore {Path.GetFileName(path)} from the repository (git checkout -- data/mnist) or run 'workbook data download --dir {Path.GetDirectoryName(path)}', which verifies it.";
}

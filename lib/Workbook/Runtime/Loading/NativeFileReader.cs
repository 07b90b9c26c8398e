using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Workbook.Runtime;

/// <summary>
/// Bounds-checked random access to a native library on disk, without reading it whole: torch_cpu.dll is 265 MB and
/// libtorch_cpu.so 461 MB, while the tables the dependency walker reads are a few hundred KB. Every read outside the
/// file throws <see cref="InvalidDataException"/> naming the file and the offset, so a truncated or damaged library is
/// reported, never read past or looped over.
/// </summary>
sealed class NativeFileReader : IDisposable
{
    const int BlockSize = 64 * 1024;
    // A string longer than this in a name table is garbage, not a name (the longest C++ export seen in torch_cpu.dll is ~3 KB).
    const int MaxString = 16 * 1024;

    readonly SafeFileHandle handle;
    readonly Dictionary<long, byte[]> blocks = [];

    public NativeFileReader(string path)
    {
        Path = path;
        handle = File.OpenHandle(path);
        Length = RandomAccess.GetLength(handle);
    }

    public string Path { get; }
    public long Length { get; }

    public InvalidDataException Malformed(string what) => new($"{Path} is truncated or malformed: {what} (the file has {Length:N0} bytes).");

    /// <summary>Exactly <paramref name="count"/> bytes at <paramref name="offset"/>, or a clear error when they are not all in the file.</summary>
    public byte[] Read(long offset, int count, string what)
    {
        if (offset < 0 || count < 0 || offset > Length || count > Length - offset)
            throw Malformed($"{what} at offset {offset:N0} ({count:N0} bytes) lies outside the file");
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            var block = Block(offset + done);
            var inBlock = (int)((offset + done) % BlockSize);
            var n = Math.Min(count - done, block.Length - inBlock);
            if (n <= 0) throw Malformed($"{what} at offset {offset:N0} ends past the end of the file");
            block.AsSpan(inBlock, n).CopyTo(result.AsSpan(done));
            done += n;
        }
        return result;
    }

    public ushort U16(long offset, string what) => BinaryPrimitives.ReadUInt16LittleEndian(Read(offset, 2, what));
    public uint U32(long offset, string what) => BinaryPrimitives.ReadUInt32LittleEndian(Read(offset, 4, what));
    public ulong U64(long offset, string what) => BinaryPrimitives.ReadUInt64LittleEndian(Read(offset, 8, what));

    /// <summary>A NUL-terminated ASCII string; it must end inside the file and within <see cref="MaxString"/> bytes.</summary>
    public string CString(long offset, string what)
    {
        if (offset < 0 || offset >= Length) throw Malformed($"{what} at offset {offset:N0} lies outside the file");
        var text = new StringBuilder();
        for (var at = offset; at < Length && at - offset < MaxString;)
        {
            var block = Block(at);
            var inBlock = (int)(at % BlockSize);
            var span = block.AsSpan(inBlock);
            var end = span.IndexOf((byte)0);
            if (end >= 0) return text.Append(Encoding.ASCII.GetString(span[..end])).ToString();
            text.Append(Encoding.ASCII.GetString(span));
            at += span.Length;
        }
        throw Malformed($"{what} at offset {offset:N0} is not a terminated name");
    }

    byte[] Block(long offset)
    {
        var start = offset / BlockSize * BlockSize;
        if (blocks.TryGetValue(start, out var block)) return block;
        var size = (int)Math.Min(BlockSize, Length - start);
        block = new byte[Math.Max(size, 0)];
        var read = 0;
        while (read < block.Length)
        {
            var n = RandomAccess.Read(handle, block.AsSpan(read), start + read);
            if (n == 0) throw Malformed($"the file ended while reading offset {start + read:N0}");
            read += n;
        }
        blocks[start] = block;
        return block;
    }

    public void Dispose() => handle.Dispose();
}

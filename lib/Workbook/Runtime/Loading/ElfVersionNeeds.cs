using System.Buffers.Binary;
using System.Text;

namespace Workbook.Runtime;

/// <summary>
/// Reads and edits the symbol-version requirements (ELF <c>.gnu.version_r</c>) of a 64-bit little-endian shared library.
/// Marking a requirement weak (VER_FLG_WEAK) makes the dynamic loader accept a library that lacks that version,
/// which is safe only when no relocation binds to a symbol of that version.
/// </summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    /// <summary>One requirement: a version name needed from a library, and whether it is already weak.</summary>
    public readonly record struct Requirement(string File, string Version, bool Weak, int FlagsOffset);

    /// <summary>Every version requirement in the file.</summary>
    public static IReadOnlyList<Requirement> Read(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        var shoff = checked((int)U64(elf, 0x28));
        var shentsize = U16(elf, 0x3A);
        var shnum = U16(elf, 0x3C);
        var result = new List<Requirement>();
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + i * shentsize;
            if (U32(elf, sh + 4) != ShtGnuVerneed) continue;
            var offset = checked((int)U64(elf, sh + 0x18));
            var count = U32(elf, sh + 0x2C);
            var strtabHeader = shoff + (int)U32(elf, sh + 0x28) * shentsize;
            var strtab = checked((int)U64(elf, strtabHeader + 0x18));

            var need = offset;
            for (var n = 0; n < count; n++)
            {
                var file = CString(elf, strtab + (int)U32(elf, need + 4));
                var auxCount = U16(elf, need + 2);
                var aux = need + (int)U32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var flags = U16(elf, aux + 4);
                    var name = CString(elf, strtab + (int)U32(elf, aux + 8));
                    result.Add(new Requirement(file, name, (flags & VerFlgWeak) != 0, aux + 4));
                    aux += (int)U32(elf, aux + 12);
                }
                var next = U32(elf, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return result;
    }

    /// <summary>Marks the named version requirement weak in place. Returns false when the file does not require it.</summary>
    public static bool MarkWeak(Span<byte> elf, string version)
    {
        var found = false;
        foreach (var r in Read(elf).Where(r => r.Version == version))
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[r.FlagsOffset..]);
            BinaryPrimitives.WriteUInt16LittleEndian(elf[r.FlagsOffset..], (ushort)(flags | VerFlgWeak));
            found = true;
        }
        return found;
    }

    static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
    static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);

    static string CString(ReadOnlySpan<byte> b, int at)
    {
        var end = b[at..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(b.Slice(at, end < 0 ? b.Length - at : end));
    }
}

using System.Reflection.PortableExecutable;

namespace Workbook.Runtime;

/// <summary>
/// The import and export tables of a Windows DLL, read the way the Windows loader reads them: headers and sections through
/// System.Reflection.PortableExecutable, the import descriptors, lookup tables and export names parsed here (that API
/// stops at the headers for native images). Rejects truncated or malformed files with <see cref="InvalidDataException"/>.
/// </summary>
public static class PeImage
{
    // Caps against garbage counts: torch_cpu.dll has 17 import descriptors and LibTorchSharp.dll 1,827 imported functions;
    // no real DLL comes near these.
    const int MaxDescriptors = 4096;
    const int MaxFunctionsPerDll = 1_000_000;
    const int MaxExports = 4_000_000;

    /// <summary>True when the file starts like a PE image ("MZ").</summary>
    public static bool Looks(string path)
    {
        using var reader = new NativeFileReader(path);
        return reader.Length >= 2 && reader.U16(0, "MZ signature") == 0x5A4D;
    }

    /// <summary>Every DLL the image imports, in table order, with the functions it takes from each.</summary>
    public static IReadOnlyList<PeImport> Imports(string path)
    {
        using var reader = new NativeFileReader(path);
        var image = Open(reader);
        var dir = image.Headers.PEHeader!.ImportTableDirectory;
        if (dir.RelativeVirtualAddress == 0 || dir.Size == 0) return [];
        var pe64 = image.Headers.PEHeader.Magic == PEMagic.PE32Plus;
        var result = new List<PeImport>();
        var at = image.Offset(dir.RelativeVirtualAddress, "import directory");
        for (var i = 0; ; i++)
        {
            if (i >= MaxDescriptors) throw reader.Malformed($"the import directory has more than {MaxDescriptors} entries without an end marker");
            var d = at + 20L * i;
            var lookup = reader.U32(d, "import descriptor");
            var nameRva = reader.U32(d + 12, "import descriptor");
            var thunks = reader.U32(d + 16, "import descriptor");
            if (lookup == 0 && nameRva == 0 && thunks == 0) break;
            var dll = reader.CString(image.Offset(nameRva, "imported DLL name"), "imported DLL name");
            result.Add(new PeImport(dll, Functions(reader, image, lookup != 0 ? lookup : thunks, pe64, dll)));
        }
        return result;
    }

    /// <summary>The names the DLL exports (an image without an export table exports none).</summary>
    public static IReadOnlySet<string> Exports(string path)
    {
        using var reader = new NativeFileReader(path);
        var image = Open(reader);
        var dir = image.Headers.PEHeader!.ExportTableDirectory;
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (dir.RelativeVirtualAddress == 0 || dir.Size == 0) return names;
        var at = image.Offset(dir.RelativeVirtualAddress, "export directory");
        var count = reader.U32(at + 24, "export directory");
        if (count > MaxExports) throw reader.Malformed($"the export directory claims {count:N0} names");
        var table = image.Offset(reader.U32(at + 32, "export directory"), "export name table");
        var pointers = reader.Read(table, checked((int)count * 4), "export name table");
        for (var i = 0; i < count; i++)
        {
            var rva = BitConverter.ToUInt32(pointers, i * 4);
            names.Add(reader.CString(image.Offset(rva, "export name"), "export name"));
        }
        return names;
    }

    static List<string> Functions(NativeFileReader reader, Image image, uint tableRva, bool pe64, string dll)
    {
        var functions = new List<string>();
        var entry = image.Offset(tableRva, $"import lookup table of {dll}");
        var size = pe64 ? 8 : 4;
        for (var i = 0; ; i++)
        {
            if (i >= MaxFunctionsPerDll) throw reader.Malformed($"the import lookup table of {dll} has no end marker");
            var value = pe64 ? reader.U64(entry + (long)i * size, $"import lookup table of {dll}") : reader.U32(entry + (long)i * size, $"import lookup table of {dll}");
            if (value == 0) break;
            var byOrdinal = pe64 ? (value & 0x8000_0000_0000_0000) != 0 : (value & 0x8000_0000) != 0;
            functions.Add(byOrdinal
                ? $"#{value & 0xFFFF}"
                : reader.CString(image.Offset((uint)(value & 0x7FFF_FFFF), $"import name of {dll}") + 2, $"import name of {dll}"));
        }
        return functions;
    }

    static Image Open(NativeFileReader reader)
    {
        PEHeaders headers;
        try
        {
            using var stream = new FileStream(reader.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            headers = new PEHeaders(stream);
        }
        catch (Exception e) when (e is BadImageFormatException or EndOfStreamException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{reader.Path} is not a valid Windows DLL: {e.Message}", e);
        }
        if (headers.PEHeader is null) throw reader.Malformed("it has no optional header, so it is not a DLL");
        return new Image(reader, headers);
    }

    sealed record Image(NativeFileReader Reader, PEHeaders Headers)
    {
        /// <summary>File offset of a relative virtual address: the section that holds it, checked against the file.</summary>
        public long Offset(long rva, string what)
        {
            foreach (var s in Headers.SectionHeaders)
            {
                var size = Math.Max(s.VirtualSize, s.SizeOfRawData);
                if (rva < s.VirtualAddress || rva >= (long)s.VirtualAddress + size) continue;
                var offset = s.PointerToRawData + (rva - s.VirtualAddress);
                if (rva - s.VirtualAddress >= s.SizeOfRawData || offset >= Reader.Length)
                    throw Reader.Malformed($"{what} (address 0x{rva:X}) lies in section {s.Name} beyond the bytes stored in the file");
                return offset;
            }
            throw Reader.Malformed($"{what} (address 0x{rva:X}) lies in no section");
        }
    }
}

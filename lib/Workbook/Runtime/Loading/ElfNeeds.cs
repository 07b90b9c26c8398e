namespace Workbook.Runtime;

/// <summary>
/// What a Linux shared library asks the dynamic loader for: its DT_NEEDED libraries, where it says to look (DT_RUNPATH,
/// or the older DT_RPATH), and the symbol versions it needs from each (DT_VERNEED, the GLIBCXX_3.4.32 case).
/// Read from the program headers as ld.so reads them, without loading the whole file.
/// </summary>
public sealed record ElfNeeds(IReadOnlyList<string> Needed, IReadOnlyList<string> RunPath, IReadOnlyList<string> RPath,
    IReadOnlyList<ElfVersionNeed> Versions, IReadOnlyList<string> Defines)
{
    const int DtNull = 0, DtNeeded = 1, DtStrtab = 5, DtStrsz = 10, DtRpath = 15, DtRunpath = 29;
    const long DtVerdef = 0x6ffffffc, DtVerdefnum = 0x6ffffffd, DtVerneed = 0x6ffffffe, DtVerneednum = 0x6fffffff;
    const uint PtLoad = 1, PtDynamic = 2;
    // Caps against garbage counts: libtorch_cpu.so has 12 program headers and ~40 dynamic entries.
    const int MaxProgramHeaders = 4096, MaxDynamic = 100_000, MaxVerneed = 10_000;

    /// <summary>True when the file starts with the ELF magic.</summary>
    public static bool Looks(string path)
    {
        using var reader = new NativeFileReader(path);
        return reader.Length >= 4 && reader.U32(0, "ELF magic") == 0x464C457F;
    }

    /// <summary>Reads the dynamic section of a 64-bit little-endian ELF file. Throws <see cref="InvalidDataException"/> when damaged.</summary>
    public static ElfNeeds Read(string path)
    {
        using var r = new NativeFileReader(path);
        var ident = r.Read(0, 16, "ELF identification");
        if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F')
            throw new InvalidDataException($"{path} is not an ELF file (it does not start with 0x7F 'ELF').");
        if (ident[4] != 2 || ident[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF files are supported (class {ident[4]}, data {ident[5]}).");

        var phoff = (long)r.U64(0x20, "program header offset");
        var phentsize = r.U16(0x36, "program header entry size");
        var phnum = r.U16(0x38, "program header count");
        if (phnum > MaxProgramHeaders || (phnum > 0 && phentsize < 56)) throw r.Malformed($"{phnum} program headers of {phentsize} bytes");

        var loads = new List<(ulong Vaddr, ulong Memsz, ulong Offset, ulong Filesz)>();
        (long Offset, long Size)? dynamic = null;
        for (var i = 0; i < phnum; i++)
        {
            var ph = checked(phoff + (long)i * phentsize);
            var type = r.U32(ph, "program header");
            if (type == PtLoad) loads.Add((r.U64(ph + 0x10, "program header"), r.U64(ph + 0x28, "program header"), r.U64(ph + 0x08, "program header"), r.U64(ph + 0x20, "program header")));
            if (type == PtDynamic) dynamic = ((long)r.U64(ph + 0x08, "program header"), (long)r.U64(ph + 0x20, "program header"));
        }
        if (dynamic is null) return new([], [], [], [], []); // a static executable needs nothing

        long Offset(ulong address, string what)
        {
            foreach (var l in loads)
                if (address >= l.Vaddr && address - l.Vaddr < l.Filesz)
                    return checked((long)(l.Offset + (address - l.Vaddr)));
            throw r.Malformed($"{what} (address 0x{address:X}) lies in no loaded segment");
        }

        var entries = new List<(long Tag, ulong Value)>();
        var count = Math.Min(dynamic.Value.Size / 16, MaxDynamic);
        for (var i = 0; i < count; i++)
        {
            var tag = (long)r.U64(dynamic.Value.Offset + i * 16, "dynamic section");
            if (tag == DtNull) break;
            entries.Add((tag, r.U64(dynamic.Value.Offset + i * 16 + 8, "dynamic section")));
        }
        var strtabAddress = entries.FirstOrDefault(e => e.Tag == DtStrtab).Value;
        var strsz = entries.FirstOrDefault(e => e.Tag == DtStrsz).Value;
        if (strtabAddress == 0) throw r.Malformed("the dynamic section has no string table");
        var strtab = Offset(strtabAddress, "dynamic string table");
        string Str(ulong at, string what) => at < strsz || strsz == 0 ? r.CString(checked(strtab + (long)at), what) : throw r.Malformed($"{what} points past the string table");

        var needed = entries.Where(e => e.Tag == DtNeeded).Select(e => Str(e.Value, "DT_NEEDED name")).ToList();
        static IReadOnlyList<string> Split(IEnumerable<string> paths) => [.. paths.SelectMany(p => p.Split(':', StringSplitOptions.RemoveEmptyEntries))];
        var runpath = Split(entries.Where(e => e.Tag == DtRunpath).Select(e => Str(e.Value, "DT_RUNPATH")));
        var rpath = Split(entries.Where(e => e.Tag == DtRpath).Select(e => Str(e.Value, "DT_RPATH")));

        var versions = new List<ElfVersionNeed>();
        var verneed = entries.FirstOrDefault(e => e.Tag == DtVerneed).Value;
        var verneedNum = entries.FirstOrDefault(e => e.Tag == DtVerneednum).Value;
        if (verneed != 0)
        {
            if (verneedNum > MaxVerneed) throw r.Malformed($"DT_VERNEEDNUM is {verneedNum}");
            var need = Offset(verneed, "version needs");
            for (ulong n = 0; n < verneedNum; n++)
            {
                var file = Str(r.U32(need + 4, "version need"), "version need file");
                var auxCount = r.U16(need + 2, "version need");
                var aux = need + r.U32(need + 8, "version need");
                for (var a = 0; a < auxCount; a++)
                {
                    versions.Add(new(file, Str(r.U32(aux + 8, "version need entry"), "version name"), (r.U16(aux + 4, "version need entry") & 0x2) != 0));
                    var step = r.U32(aux + 12, "version need entry");
                    if (step == 0) break;
                    aux += step;
                }
                var next = r.U32(need + 12, "version need");
                if (next == 0) break;
                need += next;
            }
        }

        var defines = new List<string>();
        var verdef = entries.FirstOrDefault(e => e.Tag == DtVerdef).Value;
        var verdefNum = entries.FirstOrDefault(e => e.Tag == DtVerdefnum).Value;
        if (verdef != 0)
        {
            if (verdefNum > MaxVerneed) throw r.Malformed($"DT_VERDEFNUM is {verdefNum}");
            var def = Offset(verdef, "version definitions");
            for (ulong n = 0; n < verdefNum; n++)
            {
                if (r.U16(def + 6, "version definition") > 0)
                    defines.Add(Str(r.U32(def + r.U32(def + 12, "version definition"), "version definition name"), "version definition name"));
                var next = r.U32(def + 16, "version definition");
                if (next == 0) break;
                def += next;
            }
        }
        return new(needed, runpath, rpath, versions, defines);
    }
}

"""Loads TorchSharp's glue the way the workbook's runtime does, but with immediate binding, in this (child) process.

    python3 load.py GLUE LIBTORCH_LIB_DIR

libtorch's own libraries are loaded first (lazy binding, global symbols, as .NET's NativeLibrary.Load does), then the
glue with RTLD_NOW: every symbol it uses must resolve now, so a function missing from this libtorch fails here, in a
child process, instead of killing the .NET process the first time it is called. Prints one line, "ok..." or
"failed: ...", and exits 0 or 1.

On a libstdc++ older than GCC 13 the prebuilt glue's GLIBCXX_3.4.32 requirement fails the load before any symbol is
bound. The runtime loads a copy with that one requirement marked weak (Runtime/PatchedGlue.cs; only the marker symbol
std::ios_base_library_init needs it, and no relocation uses it), so this does the same to a temporary copy. This is
that ELF edit again in Python because the GPU machine has no .NET SDK and the check must run before .NET loads anything.
"""
import ctypes
import os
import shutil
import struct
import sys
import tempfile

RELAXED = b"GLIBCXX_3.4.32"
SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2
MODE_LIBTORCH = os.RTLD_LAZY | os.RTLD_GLOBAL
MODE_GLUE = os.RTLD_NOW | os.RTLD_GLOBAL
CORE = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"]  # dependencies first


def mark_weak(elf: bytearray, version: bytes) -> bool:
    """Sets VER_FLG_WEAK on the version-needed entry named `version` (ELF64 little-endian); False if there is none."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        return False
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [shoff + i * shentsize for i in range(shnum)]
    for s in sections:
        if struct.unpack_from("<I", elf, s + 4)[0] != SHT_GNU_VERNEED:
            continue
        offset, = struct.unpack_from("<Q", elf, s + 0x18)
        link, count = struct.unpack_from("<II", elf, s + 0x28)
        strings, = struct.unpack_from("<Q", elf, sections[link] + 0x18)
        need, found = offset, False
        for _ in range(count):
            _, aux_count, _, aux, nxt = struct.unpack_from("<HHIII", elf, need)
            entry = need + aux
            for _ in range(aux_count):
                _, flags, _, name, aux_next = struct.unpack_from("<IHHII", elf, entry)
                start = strings + name
                if elf[start:elf.index(b"\0", start)] == version:
                    struct.pack_into("<H", elf, entry + 4, flags | VER_FLG_WEAK)
                    found = True
                entry += aux_next
            need += nxt
        return found
    return False


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: load.py GLUE LIBTORCH_LIB_DIR", file=sys.stderr)
        return 2
    glue, libdir = sys.argv[1], sys.argv[2]
    for name in CORE:
        path = os.path.join(libdir, name)
        if os.path.exists(path):
            try:
                ctypes.CDLL(path, mode=MODE_LIBTORCH)
            except OSError as e:
                print(f"failed: libtorch's {name} did not load: {e}")
                return 1
    try:
        ctypes.CDLL(glue, mode=MODE_GLUE)
        print("ok")
        return 0
    except OSError as e:
        error = str(e)
    if f"{RELAXED.decode()}' not found" not in error:
        print(f"failed: {error}")
        return 1
    with open(glue, "rb") as f:
        elf = bytearray(f.read())
    if not mark_weak(elf, RELAXED):
        print(f"failed: {error}")
        return 1
    folder = tempfile.mkdtemp(prefix="glue-probe-")
    try:
        copy = os.path.join(folder, os.path.basename(glue))
        with open(copy, "wb") as f:
            f.write(elf)
        ctypes.CDLL(copy, mode=MODE_GLUE)
        print(f"ok with {RELAXED.decode()} marked weak, as the workbook's runtime loads it on this libstdc++")
        return 0
    except OSError as e:
        print(f"failed: {e}")
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

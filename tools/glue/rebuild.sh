#!/usr/bin/env bash
# Rebuilds TorchSharp's native glue (libLibTorchSharp.so) from its vendored sources against this machine's libtorch
# headers with this machine's compiler, checks it exports every THS* function the prebuilt one does, and installs it
# in place of GLUE (the prebuilt one is kept as GLUE.prebuilt; GLUE.built records how it was made).
#   tools/glue/rebuild.sh --glue GLUE --libtorch LIBTORCH_LIB_DIR --sources torchsharp-native-0.107.0.tar.gz [--work DIR] [--jobs N]
# Exit 0: installed; 1: could not build (the message says why and what to do); 2: bad arguments.
#
# It compiles the sources directly (a generated build.ninja, every core) instead of through their
# CMakeLists: find_package(Torch) on a CUDA PyTorch also looks for the CUDA toolkit and cuDNN, which the glue does not
# use (it links libtorch, libtorch_cpu and libc10 only; CUDA works through libtorch's dispatcher). The flags are those
# of the sources' CMakeLists (C++17, -fPIC, -fvisibility=hidden, -Bsymbolic, RUNPATH $ORIGIN) minus -Werror: newer
# libtorch headers add deprecation warnings.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
glue="" libdir="" sources="" work="" jobs=$(nproc)
while [ $# -gt 0 ]; do
    case "$1" in
        --glue) glue=$2; shift 2 ;;
        --libtorch) libdir=$2; shift 2 ;;
        --sources) sources=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        *) echo "rebuild: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
[ -n "$glue" ] && [ -n "$libdir" ] && [ -n "$sources" ] || { echo "usage: $0 --glue GLUE --libtorch LIBTORCH_LIB_DIR --sources TARBALL [--work DIR] [--jobs N]" >&2; exit 2; }
fail() { echo "rebuild: FAILED: $1" >&2; echo "rebuild: fix: $2" >&2; exit 1; }
[ -f "$glue" ] || fail "no glue library at $glue to replace" "pass --glue with the bundle's workbook/libLibTorchSharp.so"
[ -f "$libdir/libtorch_cpu.so" ] || fail "$libdir is not a libtorch lib folder (no libtorch_cpu.so)" "pass --libtorch with torch/lib of the PyTorch install"
[ -f "$sources" ] || fail "no glue sources at $sources" "make the bundle with tools/make-bundle.sh on a machine that has ../shared/vendor/torchsharp-native-0.107.0.tar.gz"
glue="$(cd "$(dirname "$glue")" && pwd)/$(basename "$glue")"
libdir=$(cd "$libdir" && pwd)
root=$(dirname "$libdir")
work=${work:-$(mktemp -d)}; mkdir -p "$work"; work=$(cd "$work" && pwd)
started=$(date +%s)

expected=$(cut -d' ' -f1 "$here/torchsharp-native.sha256")
actual=$(sha256sum "$sources" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || fail "the sources archive $sources has SHA-256 $actual, not the vendored $expected" \
    "bundle the archive from ../shared/vendor unchanged (tools/make-bundle.sh checks it)"

# The headers must be this libtorch's own: pip wheels ship them in torch/include, libtorch zips in libtorch/include.
headers="$root/include"
[ -f "$headers/torch/csrc/api/include/torch/torch.h" ] || fail \
    "no libtorch headers beside $libdir (looked for $headers/torch/csrc/api/include/torch/torch.h), so the glue cannot be rebuilt against this libtorch" \
    "use a PyTorch pip install or a libtorch zip, which ship their headers (torch/include), or a libtorch 2.10.0, which the prebuilt glue fits"
cxx=${CXX:-$(command -v c++ || command -v g++ || command -v clang++ || true)}
cc=${CC:-$(command -v cc || command -v gcc || command -v clang || true)}
[ -n "$cxx" ] && [ -n "$cc" ] || fail "no C/C++ compiler (looked for \$CXX, c++, g++, clang++ and \$CC, cc, gcc, clang)" \
    "install one (apt-get install g++), or run where one is"
command -v ninja >/dev/null || fail "no ninja, which runs the compiles on every core" "install it (apt-get install ninja-build, or pip install ninja)"

# The C++ ABI must be libtorch's: PyTorch says so itself; otherwise libc10's exported names tell (std::__cxx11 = 1).
abi=""
if command -v python3 >/dev/null; then
    abi=$(cd "$root/.." && python3 -c 'import torch, sys; sys.stdout.write(str(int(torch._C._GLIBCXX_USE_CXX11_ABI)))' 2>/dev/null || true)
fi
if [ -z "$abi" ]; then
    cxx11=$(nm -D --defined-only "$libdir/libc10.so" 2>/dev/null | grep -c '__cxx11' || true)
    if [ "${cxx11:-0}" -gt 0 ]; then abi=1; else abi=0; fi
fi

src="$work/src"; build="$work/build"
rm -rf "$src" "$build"; mkdir -p "$src" "$build"
tar -xzf "$sources" -C "$src" --strip-components=1
native="$src/src/Native/LibTorchSharp"
[ -d "$native" ] || fail "the archive has no src/Native/LibTorchSharp" "use the vendored archive unchanged"

cxxflags="-std=c++17 -O2 -fPIC -fvisibility=hidden -D_GLIBCXX_USE_CXX11_ABI=$abi -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP -DNDEBUG -fstack-protector-strong -w"
includes="-I$headers -I$headers/torch/csrc/api/include -I$native"
ldflags="-shared -Wl,-Bsymbolic -Wl,-Bsymbolic-functions -Wl,--build-id=sha1 -Wl,-rpath,'\$\$ORIGIN/' -Wl,--no-as-needed -L$libdir -ltorch -ltorch_cpu -lc10"
out="$build/libLibTorchSharp.so"
objects=()
{
    echo "rule cxx"
    echo "  command = $cxx $cxxflags $includes -c \$in -o \$out"
    echo "  description = c++ \$in"
    echo "rule cc"
    echo "  command = $cc -O2 -fPIC -fvisibility=hidden -D__LINUX__ -w -c \$in -o \$out"
    echo "  description = cc \$in"
    echo "rule link"
    echo "  command = $cxx \$in -o \$out $ldflags"
    echo "  description = link \$out"
    for f in "$native"/*.cpp "$native"/*.c; do
        o="$build/$(basename "$f").o"; objects+=("$o")
        case "$f" in *.c) echo "build $o: cc $f" ;; *) echo "build $o: cxx $f" ;; esac
    done
    echo "build $out: link ${objects[*]}"
} >"$build/build.ninja"

echo "rebuild: $(ls "$native"/*.cpp "$native"/*.c | wc -l) sources against $headers with $($cxx --version | head -n1), C++17, CXX11 ABI=$abi, $jobs jobs"
log="$work/build.log"
ninja -C "$build" -j "$jobs" -k 0 >"$log" 2>&1 || status=$?
seconds=$(( $(date +%s) - started ))
if [ "${status:-0}" -ne 0 ] || [ ! -f "$out" ]; then
    failed=$(grep -c '^FAILED: ' "$log" || true)
    echo "rebuild: $failed step(s) failed after ${seconds} s: $(grep '^FAILED: ' "$log" | sed -E 's|^FAILED: .*/||; s|\.o *$||' | paste -sd' ' -)" >&2
    echo "rebuild: first errors (full log: $log):" >&2
    # The first two errors of each file they occur in: what a patch has to touch.
    { grep -E ': (fatal )?error: ' "$log" | awk -F: '!line[$0]++ && file[$1]++ < 2' | head -n 30 || true; } | sed 's/^/    /' >&2
    grep -q 'error' "$log" || tail -n 20 "$log" | sed 's/^/    /' >&2
    fail "the glue's sources do not build against libtorch in $root" \
        "past libtorch bumps needed 0 to 33 changed lines in these sources: patch the files named above, or use libtorch 2.10.0"
fi

# The rebuilt glue must export every THS* function the prebuilt one does: TorchSharp binds them by name, and a missing
# one would fail (EntryPointNotFoundException) only when first called.
prebuilt="$glue"; [ -f "$glue.prebuilt" ] && prebuilt="$glue.prebuilt"
exports() { nm -D --defined-only "$1" | awk '$3 ~ /^THS/ { print $3 }' | sort -u; }
exports "$prebuilt" >"$work/prebuilt.exports"
exports "$out" >"$work/rebuilt.exports"
lacking=$(comm -23 "$work/prebuilt.exports" "$work/rebuilt.exports" | wc -l)
if [ "$lacking" -gt 0 ]; then
    echo "rebuild: the rebuilt glue lacks $lacking of the prebuilt's $(wc -l <"$work/prebuilt.exports") THS* exports, e.g.:" >&2
    comm -23 "$work/prebuilt.exports" "$work/rebuilt.exports" | head -n 10 | sed 's/^/    /' >&2
    fail "the rebuilt glue does not export what TorchSharp 0.107.0 calls" "check that the sources archive is the 0.107.0 one"
fi

[ -f "$glue.prebuilt" ] || cp -p "$glue" "$glue.prebuilt"
cp "$out" "$glue.tmp" && mv -f "$glue.tmp" "$glue"
{
    echo "# tools/glue/rebuild.sh: how this glue was built (read by tools/glue/probe.sh)"
    echo "glue_sha256=$(sha256sum "$glue" | cut -d' ' -f1)"
    echo "host=$(hostname)"
    echo "libtorch=$root"
    echo "compiler=$($cxx --version | head -n1)"
    echo "cxx11_abi=$abi"
    echo "jobs=$jobs"
    echo "seconds=$seconds"
    echo "exports=$(wc -l <"$work/rebuilt.exports") THS* (the prebuilt has $(wc -l <"$work/prebuilt.exports"))"
    echo "built_utc=$(date -u +%FT%TZ)"
} >"$glue.built"
echo "rebuild: built in ${seconds} s; $(wc -l <"$work/rebuilt.exports") THS* exports, all $(wc -l <"$work/prebuilt.exports") of the prebuilt's present; installed as $glue (prebuilt kept as $glue.prebuilt)"

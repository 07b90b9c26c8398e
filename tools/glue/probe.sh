#!/usr/bin/env bash
# Checks TorchSharp's native glue (libLibTorchSharp.so) against a libtorch before any .NET process loads it, and writes
# the verdict beside the glue as GLUE.probe, which the workbook's runtime reads before it accepts a libtorch other than
# the 2.10.0 that TorchSharp 0.107.0 was built for (lib/Workbook/Runtime/Loading/GlueProbe.cs).
#   tools/glue/probe.sh GLUE LIBTORCH_LIB_DIR
# Exit 0: clean (no unresolved symbol, no missing library, loads with immediate binding); 1: not clean; 2: bad arguments.
#
# Why both checks: .NET loads native libraries lazily (RTLD_LAZY), so a function missing from a newer libtorch is found
# only when it is first called, and then the process dies with "symbol lookup error", which .NET cannot catch.
# `ldd -r` lists every unresolved symbol in about 0.1 s; the load in a child process (load.py, RTLD_NOW) also runs the
# glue's initialisers against the real libtorch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 GLUE LIBTORCH_LIB_DIR" >&2; exit 2; }
[ -f "$1" ] || { echo "probe: no glue library at $1" >&2; exit 2; }
[ -f "$2/libtorch_cpu.so" ] || { echo "probe: $2 is not a libtorch lib folder (no libtorch_cpu.so in it)" >&2; exit 2; }
glue="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
dir=$(cd "$2" && pwd)

# The version the libtorch declares, read as the runtime reads it (NativeLayout.ReadVersion): libtorch's build-version
# file above or in the lib folder, else PyTorch's torch/version.py.
version=""
for f in "$dir/../build-version" "$dir/build-version"; do
    [ -z "$version" ] && [ -f "$f" ] && version=$(grep -oE '^[[:space:]]*[0-9]+\.[0-9]+\.[0-9]+[^[:space:]]*' "$f" | head -n1 | tr -d '[:space:]')
done
if [ -z "$version" ] && [ -f "$dir/../version.py" ]; then
    version=$(sed -nE "s/^__version__[[:space:]]*=[[:space:]]*['\"]([0-9]+\.[0-9]+\.[0-9]+[^'\"]*)['\"].*/\1/p" "$dir/../version.py" | head -n1)
fi
version=${version:-unknown}

sha=$(sha256sum "$glue" | cut -d' ' -f1)
origin="prebuilt"
if [ -f "$glue.built" ] && grep -qx "glue_sha256=$sha" "$glue.built"; then origin="rebuilt on this machine"; fi

scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd -r "$glue" >"$scratch/ldd" 2>&1 || true
grep -F "undefined symbol: " "$scratch/ldd" | grep -F "($glue)" | sed -E 's/^undefined symbol: ([^[:space:]]+).*/\1/' | sort -u >"$scratch/undefined" || true
grep -E '=> not found' "$scratch/ldd" | sed -E 's/^[[:space:]]*([^[:space:]]+).*/\1/' | sort -u >"$scratch/missing" || true
grep -oE "version \`[^']+' not found \(required by $glue\)" "$scratch/ldd" | sed -E "s/version \`([^']+)'.*/\1/" | sort -u >"$scratch/versions" || true
unresolved=$(wc -l <"$scratch/undefined")
missing=$(wc -l <"$scratch/missing")
# Only GLIBCXX_3.4.32 may be missing: the runtime relaxes that one requirement (PatchedGlue), and no other.
hard_versions=$(grep -vx 'GLIBCXX_3.4.32' "$scratch/versions" | paste -sd, - || true)

py=$(command -v python3 || true)
if [ -z "$py" ]; then
    load="skipped: no python3 to load it with immediate binding"
elif [ "$missing" -gt 0 ]; then
    load="skipped: a library it needs is missing"
else
    load=$(LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" timeout 120 "$py" "$here/load.py" "$glue" "$dir" 2>&1 | tail -n1) || true
    [ -n "$load" ] || load="failed: the load check printed nothing"
fi

verdict=clean
if [ "$unresolved" -gt 0 ] || [ "$missing" -gt 0 ] || [ -n "$hard_versions" ] || [[ "$load" == failed* ]]; then verdict="not clean"; fi

{
    echo "# tools/glue/probe.sh: TorchSharp's glue checked against a libtorch; read by the workbook's runtime (GlueProbe.cs)"
    echo "libtorch_version=$version"
    echo "libtorch_dir=$dir"
    echo "glue=$glue"
    echo "glue_sha256=$sha"
    echo "origin=$origin"
    echo "unresolved_symbols=$unresolved"
    echo "missing_libraries=$missing"
    echo "missing_versions=$(paste -sd, - <"$scratch/versions")"
    echo "load=$load"
    echo "verdict=$verdict"
    echo "probed_utc=$(date -u +%FT%TZ)"
} >"$glue.probe.tmp"
mv -f "$glue.probe.tmp" "$glue.probe"

echo "probe: $origin glue $glue (sha256 ${sha:0:12}) against libtorch $version in $dir"
echo "probe: $unresolved unresolved symbol(s), $missing missing librar(y/ies)$([ -s "$scratch/versions" ] && echo ", missing versions: $(paste -sd, - <"$scratch/versions")"); load with immediate binding: $load"
if [ "$unresolved" -gt 0 ]; then
    echo "probe: first unresolved symbols:"
    head -n 10 "$scratch/undefined" | { command -v c++filt >/dev/null && c++filt || cat; } | sed 's/^/    /'
fi
[ "$missing" -gt 0 ] && echo "probe: missing: $(paste -sd' ' - <"$scratch/missing")"
[ -n "$hard_versions" ] && echo "probe: this system lacks $hard_versions, which only a newer libstdc++ (or a glue built here) provides"
echo "probe: verdict: $verdict (written to $glue.probe)"
[ "$verdict" = clean ]

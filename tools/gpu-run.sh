#!/usr/bin/env bash
# One call on a GPU machine (Linux x86-64, NVIDIA driver, a PyTorch or libtorch, no .NET SDK, no internet) that records
# everything the notebooks and a class need from it, from the bundle made by tools/make-bundle.sh:
#   bash gpu-run.sh [--bundle workbook-bundle-linux-x64.tar.gz] [--libtorch DIR] [--out DIR] [--work DIR]
#                   [--budget SECONDS] [--steps LIST] [--rebuild] [--quick] [-- extra reproduce options]
# The libtorch is, in order: --libtorch, $WORKBOOK_LIBTORCH, or the torch/lib folder of python3's PyTorch.
#
# 1. Probes the bundle's TorchSharp glue against that libtorch (glue/probe.sh: unresolved symbols, a load with
#    immediate binding); if it does not fit, rebuilds it from the bundled sources with this machine's compiler and
#    torch headers (glue/rebuild.sh) and probes again. The runtime accepts a libtorch other than 2.10.0 only after a
#    clean probe.
# 2. Runs, each step under what is left of --budget (default 450 s, so the whole call stays under 8 minutes):
#    doctor, reproduce (resident and streamed), the PyTorch peer on the GPU, the timing pitfalls, and notebook 04's
#    sweeps (model size, batch size, placement) as bench runs.
# --out then holds at most 8 files, ready to commit as data/results/<machine>/:
#   log.txt  results.json  results.csv  pitfalls.csv  pytorch.txt  sweep-size/results.json  sweep-batch/results.json
#   sweep-placement/results.json
# --rebuild rebuilds the glue even when the prebuilt one probes clean: no unresolved symbol does not prove that
# libtorch's inline code and class layouts compiled into it are unchanged (a second try, if doctor's checks fail).
# --steps runs only the named steps (comma-separated, "none" for the glue alone): a second try of what the first missed.
# --quick shrinks the sweeps, pitfalls and peer to seconds (the tests' dry run); reproduce takes the options after --.
# Exit 0 when the glue fits and every step but doctor exited 0 (doctor's verdicts are recorded in the log, not judged).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle="" libtorch=${WORKBOOK_LIBTORCH:-} out="gpu-run-$(date -u +%Y%m%dT%H%M%SZ)" work="" budget=450 quick=0 rebuild=0 extra=()
steps=doctor,reproduce,pytorch,pitfalls,sweep-size,sweep-batch,sweep-placement
while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) bundle=$2; shift 2 ;;
        --libtorch) libtorch=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --budget) budget=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        --rebuild) rebuild=1; shift ;;
        --steps) steps=$2; shift 2 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
started=$(date +%s); deadline=$((started + budget))
mkdir -p "$out" && out=$(cd "$out" && pwd)
# Everything bulky (the unpacked bundle, the glue build, each run's own folder) goes to --work, so --out keeps 8 files.
work=${work:-$(mktemp -d "${TMPDIR:-/tmp}/workbook-gpu-run.XXXXXX")}; mkdir -p "$work"; work=$(cd "$work" && pwd)
exec > >(tee -a "$out/log.txt") 2>&1

# The bundle: unpack the one given, else use the one this script sits in.
root=$here
if [ -n "$bundle" ]; then
    [ -f "$bundle" ] || { echo "no bundle at $bundle: make one with tools/make-bundle.sh and pass its path" >&2; exit 1; }
    root="$work/bundle"; mkdir -p "$root"; tar -xzf "$bundle" -C "$root"
fi
wb="$root/workbook/workbook"
[ -x "$wb" ] || { echo "no workbook executable at $wb: pass --bundle FILE.tar.gz" >&2; exit 1; }
glue="$root/workbook/libLibTorchSharp.so"

py=$(command -v python3 || true)
if [ -z "$libtorch" ] && [ -n "$py" ]; then
    libtorch=$("$py" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null || true)
fi
[ -n "$libtorch" ] || { echo "no libtorch: pass --libtorch DIR (a libtorch lib folder, e.g. PyTorch's torch/lib) or install PyTorch" >&2; exit 1; }
[ -f "$libtorch/libtorch_cpu.so" ] || { echo "no libtorch at $libtorch (no libtorch_cpu.so): pass --libtorch with a libtorch lib folder" >&2; exit 1; }
libtorch=$(cd "$libtorch" && pwd)   # absolute, as the probe records it and the runtime compares it
export WORKBOOK_LIBTORCH=$libtorch
export WORKBOOK_CACHE="$work/cache"   # the runtime's patched-glue cache: scratch, never in --out

elapsed() { echo $(( $(date +%s) - started )); }
want() { [[ ",$steps," == *",$1,"* ]]; }
declare -A rc=()
# step NAME COMMAND...: runs it under what is left of the budget (SIGINT first: a benchmark keeps its finished rows).
step() {
    local name=$1; shift
    want "$name" || return 0
    local left=$(( deadline - $(date +%s) ))
    if [ "$left" -lt 20 ]; then
        echo "== $name: skipped, the ${budget} s budget is spent"; rc[$name]=skipped; return 0
    fi
    echo "== $name ($(elapsed) s into the run, at most $left s left)"
    local t0 r=0; t0=$(date +%s)
    timeout -s INT -k 15 "$left" "$@" || r=$?
    rc[$name]=$r
    echo "== $name: exit $r after $(( $(date +%s) - t0 )) s$([ "$r" = 124 ] && echo ' (stopped at the budget; rows finished before are kept)')"
}
# keep FROM TO: a run's results.json (and nothing else) into --out.
keep() { if [ -f "$1/results.json" ]; then mkdir -p "$(dirname "$2")"; cp "$1/results.json" "$2"; fi; }

echo "== $(date -u +%FT%TZ) on $(hostname): $(uname -srm), $(nproc) cores; budget ${budget} s; scratch in $work"
echo "== libtorch: $WORKBOOK_LIBTORCH"
if [ -n "$py" ]; then "$py" -c 'import sys, torch; print(f"== python {sys.version.split()[0]}, torch {torch.__version__}, CUDA {torch.version.cuda}, cxx11 ABI {torch._C._GLIBCXX_USE_CXX11_ABI}")' 2>/dev/null || true; fi
if command -v nvidia-smi >/dev/null; then nvidia-smi || echo "nvidia-smi: exit $?"; else echo "== nvidia-smi: not installed"; fi

echo "== glue: probe the bundle's libLibTorchSharp.so against this libtorch"
glue_ok=0 prebuilt_clean=0
bash "$root/glue/probe.sh" "$glue" "$libtorch" && prebuilt_clean=1
if [ "$prebuilt_clean" = 1 ] && [ "$rebuild" = 0 ]; then
    glue_ok=1
else
    [ "$rebuild" = 1 ] && echo "== glue: --rebuild asks for a glue built here whatever the probe found"
    sources=$(ls "$root"/glue/torchsharp-native-*.tar.gz 2>/dev/null | head -n1 || true)
    if [ -z "$sources" ]; then
        echo "== glue: the bundle carries no glue sources (glue/torchsharp-native-*.tar.gz), so it cannot be rebuilt here"
    else
        # Budget: the rebuild may take what is left but 3 minutes, kept for the runs.
        rebuild_left=$(( deadline - $(date +%s) - 180 )); [ "$rebuild_left" -gt 60 ] || rebuild_left=60
        echo "== glue: rebuild from $(basename "$sources") with this machine's compiler and headers (at most $rebuild_left s)"
        if timeout -k 10 "$rebuild_left" bash "$root/glue/rebuild.sh" --glue "$glue" --libtorch "$libtorch" --sources "$sources" --work "$work/glue"; then
            echo "== glue: probe the rebuilt glue"
            bash "$root/glue/probe.sh" "$glue" "$libtorch" && glue_ok=1
        else
            echo "== glue: the rebuild failed or ran out of time (exit $?); the build log is $work/glue/build.log"
        fi
    fi
    # The rebuild failed, or what it built did not probe clean: the prebuilt glue, if it probed clean, still serves.
    if [ "$glue_ok" = 0 ] && [ "$prebuilt_clean" = 1 ]; then
        if [ -f "$glue.prebuilt" ]; then cp "$glue.prebuilt" "$glue"; rm -f "$glue.built"; fi
        echo "== glue: back to the prebuilt glue, which probed clean"
        bash "$root/glue/probe.sh" "$glue" "$libtorch" && glue_ok=1
    fi
fi
[ -f "$glue.probe" ] && { echo "== glue: probe record ($glue.probe)"; sed 's/^/    /' "$glue.probe"; }

if [ "$glue_ok" = 1 ]; then
    step doctor "$wb" doctor
    step reproduce "$wb" reproduce --placement resident,streamed --cpu-budget 30 --out "$work/reproduce" "${extra[@]}"
    [ -f "$work/reproduce/results.json" ] && cp "$work/reproduce/results.json" "$work/reproduce/results.csv" "$out/"
else
    echo "== the glue does not fit this libtorch: the workbook's runs are skipped (the runtime would refuse it); the PyTorch peer still runs"
fi

if want pytorch && [ -n "$py" ] && "$py" -c 'import torch' 2>/dev/null; then
    device=$("$py" -c 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")')
    if [ "$quick" = 1 ]; then peer=(--models mlp --steps 5); else peer=(--epoch --models mlp,cnn,deep); fi
    echo "== PyTorch $("$py" -c 'import torch; print(torch.__version__)') on $device: ${peer[*]}"
    step pytorch bash -c '"$@" | tee "'"$out"'/pytorch.txt"; exit "${PIPESTATUS[0]}"' _ \
        "$py" "$root/peers/pytorch_bench.py" --data "$root/workbook/data/mnist" --device "$device" --threads "$(nproc)" "${peer[@]}"
fi

if [ "$glue_ok" = 1 ]; then
    # Notebook 04's sweeps as bench runs: every CPU configuration timed for 20 batches and extrapolated (--cpu-budget 1),
    # GPUs run whole epochs, accuracy on 1,000 test images only (the sweeps compare speed).
    if [ "$quick" = 1 ]; then
        small=(--train-limit 512 --test-limit 256); sizes=mlp-32x1,mlp-128x1; pair=mlp; batches=64,128; pit=(--models mlp --steps 3 --warmup 1 --train-limit 512)
    else
        small=(--test-limit 1000); sizes=mlp-32x1,mlp-128x1,mlp-512x2,mlp-1024x3,cnn,deep-w8x2,deep-w16x3,deep-w32x3,deep-w64x3
        pair=mlp,cnn; batches=32,64,128,256,512; pit=(--models mlp,cnn --steps 20 --warmup 3)
    fi
    step pitfalls bash -c '"$@" > "'"$out"'/pitfalls.csv"' _ "$wb" perf pitfalls "${pit[@]}"
    step sweep-size "$wb" bench --models "$sizes" --cpu-budget 1 "${small[@]}" --out "$work/sweep-size"
    keep "$work/sweep-size" "$out/sweep-size/results.json"
    step sweep-batch "$wb" bench --models "$pair" --batch-size "$batches" --cpu-budget 1 "${small[@]}" --out "$work/sweep-batch"
    keep "$work/sweep-batch" "$out/sweep-batch/results.json"
    step sweep-placement "$wb" bench --models "$pair" --placement resident,streamed --cpu-budget 1 "${small[@]}" --out "$work/sweep-placement"
    keep "$work/sweep-placement" "$out/sweep-placement/results.json"
fi

status=0
[ "$glue_ok" = 1 ] || status=1
summary=""
for name in doctor reproduce pytorch pitfalls sweep-size sweep-batch sweep-placement; do
    [ -n "${rc[$name]:-}" ] || continue
    summary+="$name ${rc[$name]}, "
    if [ "$name" != doctor ] && [ "${rc[$name]}" != 0 ]; then status=1; fi
done
files=$(cd "$out" && find . -type f | sort | sed 's|^\./||' | paste -sd' ' -)
echo "== done in $(elapsed) s: glue $([ "$glue_ok" = 1 ] && echo fits || echo 'does not fit'); exits: ${summary%, }"
echo "== $(cd "$out" && find . -type f | wc -l) files in $out: $files"
exit $status

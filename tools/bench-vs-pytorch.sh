#!/usr/bin/env bash
# The workbook (TorchSharp) against PyTorch on the same CPU: for each model, one warm-up pair, then PAIRS pairs run
# alternately (workbook, pytorch, workbook, pytorch, ...) with the same threads, batch and steps, so both see the same
# machine state; prints the medians, their ratio, and the achieved GFLOP/s against the CPU's real limit: its fused
# multiply-add rate at the widest vector width (`workbook perf peak`), measured on the same threads before and after
# the models (the higher counts), with torch's own matmul beside it. A rate above the limit prints "n/a", never >100%.
#   tools/bench-vs-pytorch.sh                 THREADS=2 PAIRS=7 MODELS=cnn tools/bench-vs-pytorch.sh
#   PEER_ARGS=--fast tools/bench-vs-pytorch.sh   (PyTorch with the workbook's CNN changes applied, for comparison)
#   PRECISION=bf16 tools/bench-vs-pytorch.sh      (both in bf16 mixed precision: the workbook's bf16 layers against
#                                                  PyTorch's autocast; the workbook refuses it on a CPU without AVX512_BF16/AMX)
#   PRECISION=float32,bf16 EPOCH=1 MODELS=cnn tools/bench-vs-pytorch.sh
#       the four side by side (workbook and PyTorch, each in float32 and bf16), alternating within each pair, each
#       format's speed-up over the first, then one full epoch of each with its test accuracy (seed 0). Where the
#       workbook refuses a format its column says so and PyTorch is still timed: PyTorch emulates without a word.
# Needs: a build (dotnet build Workbook.sln) and Debian's python3-torch with OpenBLAS:
#   apt-get install python3-torch libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-1}
PAIRS=${PAIRS:-5}
MODELS=${MODELS:-mlp,cnn,deep}
BATCH=${BATCH:-128}
PY=${PY:-/usr/bin/python3}
PEER_ARGS=${PEER_ARGS:-}
PRECISION=${PRECISION:-float32}   # one format, or a comma-separated list timed in turn within each pair
EPOCH=${EPOCH:-0}                 # 1: after the pairs, one full epoch of each peer and format, with its test accuracy
WORKBOOK_BIN=${WORKBOOK_BIN:-artifacts/bin}   # another build to compare, e.g. a copy of the one before a change
WORKBOOK=(dotnet "$WORKBOOK_BIN/Workbook.Cli.dll")
IFS=, read -r -a FORMATS <<<"$PRECISION"

[ -f "$WORKBOOK_BIN/Workbook.Cli.dll" ] || dotnet build Workbook.sln -v quiet -nologo
"$PY" -c 'import torch' 2>/dev/null || { echo "no PyTorch at $PY: apt-get install python3-torch libopenblas0-pthread" >&2; exit 1; }

steps_for() { case "$1" in mlp) echo 300 ;; cnn) echo 20 ;; *) echo 6 ;; esac; }
field() { sed -nE "s/(^|.*[[:space:]])$1=([^[:space:]]*).*/\2/p" | head -n 1; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
has() { if grep -qw "$1" /proc/cpuinfo; then echo " $2"; fi; }
spread() { sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f-%.0f", lo, hi}'; }

measure_peak() { "${WORKBOOK[@]}" perf peak --threads "$THREADS"; }
peak_line=$(measure_peak)
peak=$(field peak_gflops <<<"$peak_line")
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -qw avx512f /proc/cpuinfo && echo AVX-512 || echo AVX2)$(has avx512_bf16 AVX512_BF16)$(has amx_bf16 AMX-BF16)"
echo "# $(date -u +%FT%TZ)  threads=$THREADS pairs=$PAIRS batch=$BATCH  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $cpu  pytorch: $("$PY" -c 'import torch; print(torch.__version__)') precision=$PRECISION ${PEER_ARGS}"
echo "# peak before: $peak_line"

# A format the CPU does not have is refused by the workbook with the reason: say it once, before any timing. With one
# format that ends the run; in a list the workbook's column says "refused" and PyTorch is still timed.
declare -A refused=()
for f in "${FORMATS[@]}"; do
    if ! out=$("${WORKBOOK[@]}" perf steps --models mlp --steps 1 --warmup 0 --train-limit 128 --precision "$f" 2>&1); then
        [ "${#FORMATS[@]}" -gt 1 ] || { echo "$out" >&2; exit 2; }
        why=$(tr -s '\n ' '  ' <<<"$out" | sed -E "s/^[Ee]rror: (--precision $f: )?//")
        refused[$f]=1; echo "# workbook refuses $f: $why"
    fi
done

# One full epoch (seed 0, the full test set) of a peer in a format: its test accuracy, or "refused".
epoch_workbook() {
    [ -z "${refused[$2]:-}" ] || { echo refused; return; }
    local dir; dir=$(mktemp -d)
    "${WORKBOOK[@]}" reproduce --models "$1" --devices cpu --threads "$THREADS" --batch-size "$BATCH" --precision "$2" \
        --cpu-budget 0 --out "$dir" >/dev/null || { echo failed; rm -rf "$dir"; return; }
    "$PY" -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1])))["test accuracy"])' "$dir/results.csv"
    rm -rf "$dir"
}
epoch_pytorch() {
    "$PY" tools/peers/pytorch_bench.py --models "$1" --threads "$THREADS" --batch-size "$BATCH" --precision "$2" --epoch \
        $PEER_ARGS 2>/dev/null | field accuracy | grep . || echo failed
}

results=()
for model in ${MODELS//,/ }; do
    steps=$(steps_for "$model")
    run_workbook() { "${WORKBOOK[@]}" perf steps --models "$model" --threads "$THREADS" --steps "$steps" --batch-size "$BATCH" --precision "$1"; }
    run_pytorch() { "$PY" tools/peers/pytorch_bench.py --models "$model" --threads "$THREADS" --steps "$steps" --batch-size "$BATCH" --precision "$1" $PEER_ARGS 2>/dev/null; }
    declare -A wb=() pt=() gf=()
    for f in "${FORMATS[@]}"; do   # warm-up pair per format: page cache, CPU frequency
        [ -n "${refused[$f]:-}" ] || run_workbook "$f" >/dev/null
        run_pytorch "$f" >/dev/null
    done
    for ((i = 1; i <= PAIRS; i++)); do
        for f in "${FORMATS[@]}"; do
            w=refused
            if [ -z "${refused[$f]:-}" ]; then
                line=$(run_workbook "$f"); w=$(field samples_per_s <<<"$line")
                wb[$f]+="$w "; gf[$f]+="$(field gflops <<<"$line") "
            fi
            p=$(run_pytorch "$f" | field samples_per_s); pt[$f]+="$p "
            echo "  $model $f pair $i: workbook $w samples/s, pytorch $p samples/s" >&2
        done
    done
    for f in "${FORMATS[@]}"; do
        ws=(${wb[$f]:-}) ps=(${pt[$f]}) gs=(${gf[$f]:-})
        mw=n/a sw=- mg=n/a wa=- pa=-
        if [ "${#ws[@]}" -gt 0 ]; then
            mw=$(printf '%s\n' "${ws[@]}" | median); sw=$(printf '%s\n' "${ws[@]}" | spread); mg=$(printf '%s\n' "${gs[@]}" | median)
        fi
        if [ "$EPOCH" = 1 ]; then
            wa=$(epoch_workbook "$model" "$f"); pa=$(epoch_pytorch "$model" "$f")
            echo "  $model $f epoch: workbook accuracy $wa, pytorch accuracy $pa" >&2
        fi
        results+=("$model $f $steps $mw $sw $(printf '%s\n' "${ps[@]}" | median) $(printf '%s\n' "${ps[@]}" | spread) $mg $wa $pa")
    done
    unset wb pt gf
done

peak_line=$(measure_peak)   # again after the models: the higher of the two is the limit the table is read against
echo "# peak after:  $peak_line  load: $(cut -d' ' -f1-3 /proc/loadavg)"
peak=$(printf '%s\n' "$peak" "$(field peak_gflops <<<"$peak_line")" | sort -g | tail -n 1)
printf '%-5s %-8s %5s %10s %11s %10s %11s %7s %8s %11s %8s %8s\n' \
    model format steps workbook/s "(min-max)" pytorch/s "(min-max)" ratio GFLOP/s "of peak" "wb acc" "pt acc"
for r in "${results[@]}"; do
    awk -v k="$peak" '{of = "n/a"; ratio = "n/a"
        if ($4 != "n/a") { ratio = sprintf("%.2fx", $4 / $6); if (k + 0 > 0 && 100 * $8 / k <= 100) of = sprintf("%.0f%% of %.0f", 100 * $8 / k, k) }
        printf "%-5s %-8s %5d %10s %11s %10.1f %11s %7s %8s %11s %8s %8s\n", $1, $2, $3, $4, "(" $5 ")", $6, "(" $7 ")", ratio, $8, of, $9, $10}' <<<"$r"
done
# Each later format against the first, per peer: the issue's "bf16 step at least 1.5x the workbook's float32 step".
if [ "${#FORMATS[@]}" -gt 1 ]; then
    for r in "${results[@]}"; do
        read -r m f _ w _ p _ <<<"$r"
        if [ "$f" = "${FORMATS[0]}" ]; then bw=$w bp=$p; continue; fi
        awk -v m="$m" -v f="$f" -v f0="${FORMATS[0]}" -v w="$w" -v bw="$bw" -v p="$p" -v bp="$bp" 'BEGIN {
            sw = (w == "n/a" || bw == "n/a") ? "n/a" : sprintf("%.2fx", w / bw)
            printf "%s: %s over %s: workbook %s, pytorch %.2fx\n", m, f, f0, sw, p / bp }'
    done
fi

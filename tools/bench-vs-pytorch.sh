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
PRECISION=${PRECISION:-float32}
WORKBOOK_BIN=${WORKBOOK_BIN:-artifacts/bin}   # another build to compare, e.g. a copy of the one before a change
WORKBOOK=(dotnet "$WORKBOOK_BIN/Workbook.Cli.dll")

[ -f "$WORKBOOK_BIN/Workbook.Cli.dll" ] || dotnet build Workbook.sln -v quiet -nologo
"$PY" -c 'import torch' 2>/dev/null || { echo "no PyTorch at $PY: apt-get install python3-torch libopenblas0-pthread" >&2; exit 1; }

steps_for() { case "$1" in mlp) echo 300 ;; cnn) echo 20 ;; *) echo 6 ;; esac; }
field() { sed -nE "s/(^|.*[[:space:]])$1=([^[:space:]]*).*/\2/p" | head -n 1; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

measure_peak() { "${WORKBOOK[@]}" perf peak --threads "$THREADS"; }
peak_line=$(measure_peak)
peak=$(field peak_gflops <<<"$peak_line")
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -qw avx512f /proc/cpuinfo && echo AVX-512 || echo AVX2)"
echo "# $(date -u +%FT%TZ)  threads=$THREADS pairs=$PAIRS batch=$BATCH  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $cpu  pytorch: $("$PY" -c 'import torch; print(torch.__version__)') precision=$PRECISION ${PEER_ARGS}"
echo "# peak before: $peak_line"

# A precision the CPU does not have is refused by the workbook with the reason: say it once, before any timing.
if ! out=$("${WORKBOOK[@]}" perf steps --models mlp --steps 1 --warmup 0 --train-limit 128 --precision "$PRECISION" 2>&1); then
    echo "$out" >&2; exit 2
fi

results=()
for model in ${MODELS//,/ }; do
    steps=$(steps_for "$model")
    run_workbook() { "${WORKBOOK[@]}" perf steps --models "$model" --threads "$THREADS" --steps "$steps" --batch-size "$BATCH" --precision "$PRECISION"; }
    run_pytorch() { "$PY" tools/peers/pytorch_bench.py --models "$model" --threads "$THREADS" --steps "$steps" --batch-size "$BATCH" --precision "$PRECISION" $PEER_ARGS 2>/dev/null; }
    run_workbook >/dev/null; run_pytorch >/dev/null   # warm-up pair: page cache, CPU frequency
    wb=(); pt=(); gf=()
    for ((i = 1; i <= PAIRS; i++)); do
        line=$(run_workbook); wb+=("$(field samples_per_s <<<"$line")"); gf+=("$(field gflops <<<"$line")")
        pt+=("$(run_pytorch | field samples_per_s)")
        echo "  $model pair $i: workbook ${wb[-1]} samples/s, pytorch ${pt[-1]} samples/s" >&2
    done
    mw=$(printf '%s\n' "${wb[@]}" | median); mp=$(printf '%s\n' "${pt[@]}" | median); mg=$(printf '%s\n' "${gf[@]}" | median)
    results+=("$model $steps $mw $mp $mg")
done

peak_line=$(measure_peak)   # again after the models: the higher of the two is the limit the table is read against
echo "# peak after:  $peak_line  load: $(cut -d' ' -f1-3 /proc/loadavg)"
peak=$(printf '%s\n' "$peak" "$(field peak_gflops <<<"$peak_line")" | sort -g | tail -n 1)
printf '%-5s %6s %12s %12s %8s %9s %12s\n' model steps workbook/s pytorch/s ratio GFLOP/s "of peak"
for r in "${results[@]}"; do
    awk -v k="$peak" '{of = "n/a"; if (k + 0 > 0 && 100 * $5 / k <= 100) of = sprintf("%.0f%%", 100 * $5 / k)
        printf "%-5s %6d %12.1f %12.1f %7.2fx %9.1f %5s of %.0f\n", $1, $2, $3, $4, $3/$4, $5, of, k}' <<<"$r"
done

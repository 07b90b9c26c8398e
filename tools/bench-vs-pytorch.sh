#!/usr/bin/env bash
# The workbook (TorchSharp) against PyTorch on the same CPU: for each model, one warm-up pair, then PAIRS pairs run
# alternately (workbook, pytorch, workbook, pytorch, ...) with the same threads, batch and steps, so both see the same
# machine state; prints the medians, their ratio, and the achieved GFLOP/s against torch's own matmul peak, measured
# in the same run on the same threads.
#   tools/bench-vs-pytorch.sh                 THREADS=2 PAIRS=7 MODELS=cnn tools/bench-vs-pytorch.sh
#   PEER_ARGS=--fast tools/bench-vs-pytorch.sh   (PyTorch with the workbook's CNN changes applied, for comparison)
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
WORKBOOK=(dotnet artifacts/bin/Workbook.Cli.dll)

[ -f artifacts/bin/Workbook.Cli.dll ] || dotnet build Workbook.sln -v quiet -nologo
"$PY" -c 'import torch' 2>/dev/null || { echo "no PyTorch at $PY: apt-get install python3-torch libopenblas0-pthread" >&2; exit 1; }

steps_for() { case "$1" in mlp) echo 300 ;; cnn) echo 20 ;; *) echo 6 ;; esac; }
field() { sed -nE "s/(^|.*[[:space:]])$1=([^[:space:]]*).*/\2/p" | head -n 1; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

peak=$("${WORKBOOK[@]}" perf peak --threads "$THREADS" | field peak_gflops)
echo "# $(date -u +%FT%TZ)  threads=$THREADS pairs=$PAIRS batch=$BATCH  matmul peak (torch, 2048x2048 fp32): $peak GFLOP/s"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)  pytorch: $("$PY" -c 'import torch; print(torch.__version__)') ${PEER_ARGS}"

results=()
for model in ${MODELS//,/ }; do
    steps=$(steps_for "$model")
    run_workbook() { "${WORKBOOK[@]}" perf steps --models "$model" --threads "$THREADS" --steps "$steps" --batch-size "$BATCH"; }
    run_pytorch() { "$PY" tools/peers/pytorch_bench.py --models "$model" --threads "$THREADS" --steps "$steps" --batch-size "$BATCH" $PEER_ARGS 2>/dev/null; }
    run_workbook >/dev/null; run_pytorch >/dev/null   # warm-up pair: page cache, CPU frequency
    wb=(); pt=(); gf=()
    for ((i = 1; i <= PAIRS; i++)); do
        line=$(run_workbook); wb+=("$(field samples_per_s <<<"$line")"); gf+=("$(field gflops <<<"$line")")
        pt+=("$(run_pytorch | field samples_per_s)")
        echo "  $model pair $i: workbook ${wb[-1]} samples/s, pytorch ${pt[-1]} samples/s" >&2
    done
    mw=$(printf '%s\n' "${wb[@]}" | median); mp=$(printf '%s\n' "${pt[@]}" | median); mg=$(printf '%s\n' "${gf[@]}" | median)
    results+=("$(awk -v m="$model" -v w="$mw" -v p="$mp" -v g="$mg" -v k="$peak" -v s="$steps" \
        'BEGIN {printf "%-5s %6d %12.1f %12.1f %7.2fx %9.1f %8.0f%%", m, s, w, p, w/p, g, 100*g/k}')")
done

printf '%-5s %6s %12s %12s %8s %9s %9s\n' model steps workbook/s pytorch/s ratio GFLOP/s "of peak"
printf '%s\n' "${results[@]}"

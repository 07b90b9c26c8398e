#!/usr/bin/env bash
# Runs the blog's experiment on a Linux x86-64 machine with an NVIDIA driver and a libtorch 2.10.0 but no .NET SDK
# and no internet, from the bundle made by tools/make-bundle.sh. Writes the results and the full log to one folder.
#   bash gpu-run.sh [--bundle workbook-bundle-linux-x64.tar.gz] [--libtorch DIR] [--out DIR] [-- reproduce options]
# The libtorch is, in order: --libtorch, $WORKBOOK_LIBTORCH, or the torch/lib folder of python3's PyTorch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle="" libtorch=${WORKBOOK_LIBTORCH:-} out="gpu-run-$(date -u +%Y%m%dT%H%M%SZ)" extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) bundle=$2; shift 2 ;;
        --libtorch) libtorch=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
mkdir -p "$out" && out=$(cd "$out" && pwd)
exec > >(tee -a "$out/log.txt") 2>&1

# The bundle: unpack the one given, else use the one this script sits in.
root=$here
if [ -n "$bundle" ]; then root="$out/bundle"; mkdir -p "$root"; tar -xzf "$bundle" -C "$root"; fi
wb="$root/workbook/workbook"
[ -x "$wb" ] || { echo "no workbook executable at $wb: pass --bundle FILE.tar.gz" >&2; exit 1; }

py=$(command -v python3 || true)
if [ -z "$libtorch" ] && [ -n "$py" ]; then
    libtorch=$("$py" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null || true)
fi
[ -n "$libtorch" ] || { echo "no libtorch: pass --libtorch DIR (a libtorch 2.10.0 lib folder) or install PyTorch 2.10" >&2; exit 1; }
export WORKBOOK_LIBTORCH=$libtorch

echo "== $(date -u +%FT%TZ) on $(hostname): $(uname -srm)"
echo "== libtorch: $WORKBOOK_LIBTORCH"
nvidia-smi || echo "nvidia-smi: not available"
echo "== workbook doctor"
doctor=0; "$wb" doctor || doctor=$?
echo "== workbook reproduce (the blog's experiment: three models, batch 128, 1 epoch, resident and streamed)"
status=0; "$wb" reproduce --placement resident,streamed --out "$out/results" "${extra[@]}" || status=$?
if [ -n "$py" ] && "$py" -c 'import torch' 2>/dev/null; then
    device=$("$py" -c 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")')
    echo "== PyTorch $("$py" -c 'import torch; print(torch.__version__)') on $device: the same three models, one epoch each"
    "$py" "$root/peers/pytorch_bench.py" --data "$root/workbook/data/mnist" --device "$device" --epoch --threads "$(nproc)" \
        --models mlp,cnn,deep | tee "$out/pytorch.txt" || echo "the PyTorch peer failed (exit $?)"
fi
echo "== done: doctor exit $doctor, reproduce exit $status; results and this log are in $out"
exit $status

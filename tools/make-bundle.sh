#!/usr/bin/env bash
# Builds the GPU bundle: a self-contained `workbook` (no .NET SDK needed on the target) WITHOUT libtorch (the GPU
# machine brings its own, e.g. a PyTorch 2.10 install), the MNIST files, tools/gpu-run.sh and the PyTorch peer.
#   tools/make-bundle.sh [OUT.tar.gz]      default: artifacts/bundle/workbook-bundle-linux-x64.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/bundle/workbook-bundle-linux-x64.tar.gz}
stage=artifacts/bundle/stage
rm -rf "$stage" && mkdir -p "$stage/workbook/data/mnist" "$stage/peers" "$(dirname "$out")"

# TorchBackend=none: no libtorch package; WorkbookBundle: no notebook runner (Roslyn, F# compiler); invariant
# globalization: no ICU dependency on the target; partial trimming: only the framework's own trimmable assemblies
# are trimmed (TorchSharp and the workbook use reflection and are kept whole).
dotnet publish lib/Workbook.Cli -c Release -r linux-x64 --self-contained \
    -p:TorchBackend=none -p:WorkbookBundle=true -p:InvariantGlobalization=true -p:DebugType=none \
    -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -p:ILLinkTreatWarningsAsErrors=false \
    -p:SatelliteResourceLanguages=en -o "$stage/workbook" -nologo -v quiet
# Debugger support and debug symbols: not needed to run an experiment.
rm -f "$stage"/workbook/*.dbg "$stage"/workbook/libmscordaccore.so "$stage"/workbook/libmscordbi.so "$stage"/workbook/createdump
ln -sf Workbook.Cli "$stage/workbook/workbook"
cp data/mnist/*.gz data/mnist/SHA256SUMS.idx "$stage/workbook/data/mnist/"
cp tools/gpu-run.sh "$stage/"
cp tools/peers/pytorch_bench.py "$stage/peers/"
tar -C "$stage" -czf "$out" .
echo "$out $(du -m "$out" | cut -f1) MB compressed, $(du -sm "$stage" | cut -f1) MB unpacked"

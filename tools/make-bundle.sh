#!/usr/bin/env bash
# Builds the GPU bundle: a self-contained `workbook` (no .NET SDK needed on the target) WITHOUT libtorch (the GPU
# machine brings its own, e.g. a PyTorch install), the MNIST files, tools/gpu-run.sh, the PyTorch peer, and the glue
# probe/rebuild scripts with TorchSharp's native glue sources (to rebuild the glue there when its libtorch differs).
#   tools/make-bundle.sh [OUT.tar.gz]      default: artifacts/bundle/workbook-bundle-linux-x64.tar.gz
# The glue sources come from $WORKBOOK_GLUE_SOURCES, else ../shared/vendor (or ../../shared/vendor from a worktree, or
# /work/shared/vendor); they are third-party (MIT) and are copied into the bundle only, never into the repository.
# Without them the bundle is still made, and says so: it runs wherever the prebuilt glue probes clean, and its
# rebuild step stops with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/bundle/workbook-bundle-linux-x64.tar.gz}
stage=artifacts/bundle/stage
sources=${WORKBOOK_GLUE_SOURCES:-}
for candidate in ../shared/vendor ../../shared/vendor /work/shared/vendor; do
    [ -n "$sources" ] || [ ! -f "$candidate/torchsharp-native-0.107.0.tar.gz" ] || sources="$candidate/torchsharp-native-0.107.0.tar.gz"
done
if [ -n "$sources" ]; then
    [ -f "$sources" ] || { echo "make-bundle: WORKBOOK_GLUE_SOURCES names $sources, which does not exist" >&2; exit 1; }
    (cd "$(dirname "$sources")" && sha256sum -c --quiet "$OLDPWD/tools/glue/torchsharp-native.sha256") \
        || { echo "make-bundle: $sources is not the vendored archive (SHA-256 differs from tools/glue/torchsharp-native.sha256)" >&2; exit 1; }
else
    echo "make-bundle: warning: no glue sources (torchsharp-native-0.107.0.tar.gz in ../shared/vendor or \$WORKBOOK_GLUE_SOURCES): the bundle runs where the prebuilt glue probes clean, but cannot rebuild it for another libtorch" >&2
fi
rm -rf "$stage" && mkdir -p "$stage/workbook/data/mnist" "$stage/peers" "$stage/glue" "$(dirname "$out")"

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
cp tools/glue/probe.sh tools/glue/rebuild.sh tools/glue/load.py tools/glue/torchsharp-native.sha256 ${sources:+"$sources"} "$stage/glue/"
tar -C "$stage" -czf "$out" .
echo "$out $(du -m "$out" | cut -f1) MB compressed, $(du -sm "$stage" | cut -f1) MB unpacked"

#!/usr/bin/env bash
# Runs the notebooks under a real Jupyter (nbconvert + the .NET Interactive kernel), unchanged, as a reader would.
# Usage: tools/jupyter-run.sh [--quick|--full] [NOTEBOOK.ipynb ...]
#   (default: every notebooks/*.ipynb, then the worked solutions in notebooks/solutions/*.ipynb)
#   --quick sets WORKBOOK_QUICK=1 (small data subsets), --full sets WORKBOOK_QUICK=0 (the blog's settings); otherwise
#   WORKBOOK_QUICK is taken from the environment, and when it is unset each notebook's own `var Quick = ...;` line decides.
#   Executed notebooks and one log per notebook go to artifacts/jupyter-notebooks/.
set -euo pipefail

case ${1:-} in
  --quick) export WORKBOOK_QUICK=1; shift ;;
  --full) export WORKBOOK_QUICK=0; shift ;;
esac
nbs=()
for a in "$@"; do nbs+=("$(realpath -e "$a")"); done   # resolve against the caller's cwd before we cd

cd "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/.."       # repo root, from wherever we are called
ROOT=$PWD TOOLS=$PWD/artifacts/tools KDIR=$PWD/artifacts/jupyter OUT=$PWD/artifacts/jupyter-notebooks
DI_VERSION=1.0.712001                                      # last .NET Interactive release (deprecated, still works)
(( ${#nbs[@]} )) || nbs=("$ROOT"/notebooks/*.ipynb "$ROOT"/notebooks/solutions/*.ipynb)

# Jupyter from Debian. Always call /usr/bin/*: a pyenv python3 earlier on PATH would not see these modules.
if [[ ! -x /usr/bin/jupyter-nbconvert ]] || ! /usr/bin/python3 -c 'import nbclient, jupyter_client' 2>/dev/null; then
  SUDO=; (( $(id -u) == 0 )) || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jupyter-nbconvert python3-nbclient python3-jupyter-client
fi

# The kernel as a --tool-path tool under artifacts/: no global install, no PATH change, pinned version.
if [[ "$("$TOOLS/dotnet-interactive" --version 2>/dev/null)" != "$DI_VERSION"* ]]; then
  dotnet tool uninstall Microsoft.dotnet-interactive --tool-path "$TOOLS" >/dev/null 2>&1 || true
  dotnet tool install Microsoft.dotnet-interactive --version "$DI_VERSION" --tool-path "$TOOLS"
fi
export DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

# Kernelspecs under artifacts/jupyter/kernels/. The generated argv runs `dotnet interactive` (a global tool);
# point it at our tool instead, and keep its HTTP side-server off the network.
# Re-done when the spec is missing or names another path (the repo moved).
SPEC=$KDIR/kernels/.net-csharp/kernel.json
if ! grep -qF "\"$TOOLS/dotnet-interactive\"" "$SPEC" 2>/dev/null; then
  mkdir -p "$KDIR/kernels"
  "$TOOLS/dotnet-interactive" jupyter install --path "$KDIR/kernels" >/dev/null
  /usr/bin/python3 - "$KDIR/kernels" "$TOOLS/dotnet-interactive" <<'PY'
import glob, json, sys
kernels, exe = sys.argv[1:]
for spec in glob.glob(f"{kernels}/.net-*/kernel.json"):
    k = json.load(open(spec))
    assert k["argv"][:2] == ["dotnet", "interactive"], (spec, k["argv"])
    k["argv"][:2] = [exe]
    k["argv"] += ["--http-local-only"]
    json.dump(k, open(spec, "w"), indent=2)
PY
fi
export JUPYTER_PATH=$KDIR

mkdir -p "$OUT"
echo "WORKBOOK_QUICK=${WORKBOOK_QUICK:-} · nbconvert $(/usr/bin/jupyter-nbconvert --version) · dotnet-interactive $DI_VERSION"
failed=0
for nb in "${nbs[@]}"; do
  name=$(basename "$nb" .ipynb) start=$SECONDS
  # nbconvert starts the kernel in the notebook's own folder, so `#r "../artifacts/bin/Workbook.dll"` resolves.
  # startup_timeout: the first start restores the kernel's NuGet packages; on 2 shared cores that is slow.
  if /usr/bin/jupyter-nbconvert --to notebook --execute --output-dir "$OUT" \
       --ExecutePreprocessor.kernel_name=.net-csharp --ExecutePreprocessor.startup_timeout=300 \
       --ExecutePreprocessor.timeout="${JUPYTER_CELL_TIMEOUT:-600}" "$nb" >"$OUT/$name.log" 2>&1; then
    printf 'OK      %-28s %5ds\n' "$name" $((SECONDS - start))
  else
    printf 'FAILED  %-28s %5ds  (artifacts/jupyter-notebooks/%s.log)\n' "$name" $((SECONDS - start)) "$name"
    grep -E '^[A-Za-z.]*(Error|Exception)' "$OUT/$name.log" | tail -n 3 | sed 's/^/        /' || true
    failed=1
  fi
done
exit $failed

#!/usr/bin/env bash
# run.sh [PEERBENCH-ARGS...] — the side-by-side comparison of issue 16.
#
# Copies peerbench (PEERBENCH, default ../shared/tools/peerbench next to this
# checkout) into a temporary folder, puts this folder's branchscore.go in
# place of its impls/branchscore wrapper, and runs it with this checkout as
# the engine through peerbench's own with-engine.sh:
#
#   examples/peerbench/run.sh -n 100000 -impl exact-decimal,float64,expr,cel,branchscore
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
src=${PEERBENCH:-$repo/../shared/tools/peerbench}
[ -f "$src/with-engine.sh" ] || { echo "$0: no peerbench at $src (set PEERBENCH)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/pb"
cp "$here/branchscore.go" "$tmp/pb/impls/branchscore/branchscore.go"
# peerbench's readings test pins the wrapper's old A3 reading (one award a
# month); with the per-document parameter it no longer applies.
rm -f "$tmp/pb/impls/branchscore/readings_test.go"
cd "$tmp/pb"
./with-engine.sh "$repo" -- go run -tags engine . "$@"

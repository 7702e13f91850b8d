#!/usr/bin/env bash
# Quick start, command 1: install what is missing, then run geo-bench (release build) on the
# bundled data. Extra arguments go to geo-bench, e.g. scripts/bench.sh --workloads W1,W3 --json
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift run -c release geo-bench "$@"

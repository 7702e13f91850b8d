#!/usr/bin/env bash
# Runs the test suite under a sanitizer; CI can call it as is.
#
#   scripts/sanitize.sh address   # AddressSanitizer + LeakSanitizer, whole suite (.build-asan)
#   scripts/sanitize.sh thread    # ThreadSanitizer, whole suite (.build-tsan)
#   scripts/sanitize.sh thread --filter 'Concurrency|Snapping'   # extra arguments go to swift test
#
# Any sanitizer report fails the run: ASan aborts at the first error (and LeakSanitizer at exit
# on a leak); TSan makes the process exit with status 66 after a data-race report.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:?usage: scripts/sanitize.sh address|thread [swift test arguments...]}
shift
case "$kind" in
    address)
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
        export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
        exec swift test --sanitize=address --scratch-path .build-asan "$@"
        ;;
    thread)
        export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:exitcode=66:suppressions=$PWD/scripts/tsan.supp}
        exec swift test --sanitize=thread --scratch-path .build-tsan "$@"
        ;;
    *)
        echo "unknown sanitizer '$kind' (address or thread)" >&2
        exit 2
        ;;
esac

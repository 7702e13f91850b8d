#!/usr/bin/env bash
# Builds one libFuzzer target over the RoadGeo library and runs it.
#
#   scripts/fuzz.sh TARGET [SECONDS] [libFuzzer options...]
#   TARGET: geojson | shapefile | dbf | rtree | tiles | snapshot | traces   (SECONDS: default 60)
#   scripts/fuzz.sh TARGET repro FILE...               re-runs saved inputs (crash files)
#
# The library is built by SwiftPM into .build-fuzz with
# `-sanitize=fuzzer,address`, so it is coverage-instrumented and checked by AddressSanitizer;
# the target file in Fuzz/ is then compiled and linked with swiftc into .build-fuzz/fuzz-TARGET.
# The working corpus lives in fuzz-out/TARGET/corpus (git-ignored), seeded by
# Fuzz/make_seeds.py from data/ and Tests/RoadGeoTests/Fixtures (regressions included; the
# snapshot target writes its own seed snapshots at start-up);
# crashes, hangs (> 30 s per input: PROJ reading a .prj is slow on a loaded machine) and single allocations over 512 MB land in
# fuzz-out/TARGET/ as crash-*, timeout-* or oom-* files. Exits non-zero when one was found.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh geojson|shapefile|dbf|rtree|tiles|snapshot|traces [SECONDS|repro FILE...]}
shift
case "$target" in
    geojson)   sources=(Fuzz/GeoJSONReaderFuzz.swift) ;;
    shapefile) sources=(Fuzz/ShapefileReaderFuzz.swift Fuzz/FuzzContainer.swift) ;;
    dbf)       sources=(Fuzz/DBFMemoFuzz.swift Fuzz/FuzzContainer.swift) ;;
    rtree)     sources=(Fuzz/PackedRTreeFuzz.swift) ;;
    tiles)     sources=(Fuzz/TileIDFuzz.swift) ;;
    snapshot)  sources=(Fuzz/NetworkSnapshotFuzz.swift) ;;
    traces)    sources=(Fuzz/TraceReaderFuzz.swift) ;;
    *) echo "unknown fuzz target '$target' (geojson, shapefile, dbf, rtree, tiles, snapshot, traces)" >&2; exit 2 ;;
esac

scratch=.build-fuzz
flags=(-sanitize=fuzzer,address)
swift build --scratch-path "$scratch" --target RoadGeo -Xswiftc "${flags[0]}" >&2
bin="$scratch/debug"
objects=()
while IFS= read -r f; do objects+=("$bin/RoadGeo.build/$(basename "$f").o"); done \
    < <(find Sources/RoadGeo -name '*.swift' | sort)
# Package dependencies the library links, if any (none since swift-collections left it).
shopt -s nullglob
objects+=("$bin"/HeapModule.build/*.o "$bin"/InternalCollectionsUtilities.build/*.o)
shopt -u nullglob
exe="$scratch/fuzz-$target"
swiftc "${flags[@]}" -parse-as-library -swift-version 6 -warnings-as-errors -g -Onone \
    -I "$bin/Modules" -I Sources/CGEOS -I Sources/CProj -I Sources/CZlib -I Sources/CSQLite3 \
    "${sources[@]}" "${objects[@]}" $(pkg-config --libs geos proj) -lz -lsqlite3 -o "$exe" >&2

out=fuzz-out/$target
mkdir -p "$out/corpus" "$out/seeds"
python3 Fuzz/make_seeds.py "$target" "$out/seeds"
export ROADGEO_FUZZ_SEEDS="$PWD/$out/seeds"   # targets that build their own seeds write them here
options=(-timeout=30 -rss_limit_mb=2560 -malloc_limit_mb=512 -artifact_prefix="$out/")
# The toolchain's own leaks (each explained in the file) are not findings.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}

if [[ "${1:-}" == repro ]]; then
    shift
    exec "$exe" "${options[@]}" -runs=1 "$@"
fi
seconds=${1:-60}
shift || true
[[ "$target" == shapefile || "$target" == dbf ]] && options+=(-max_len=16384)
exec "$exe" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 "$@" "$out/corpus" "$out/seeds"

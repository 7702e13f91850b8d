#!/bin/sh
# PostGIS ST_AsMVT peer of geo-bench W6m (see postgis_mvt.py for what it loads, renders and times).
#   scripts/peers/postgis-mvt.sh --roads data/heidelberg_roads.geojson --tiles LIST [--out RESULT.json] [--reps 3]
# LIST: `geo-bench --workloads W6m --write-tile-list LIST` (geo-bench --peers runs this script itself).
# Needs PostgreSQL + PostGIS (Debian: apt-get install postgresql postgresql-15-postgis-3) and psycopg2
# (Debian python3-psycopg2 or PyPI psycopg2-binary) for one of the python3 interpreters tried below.
set -eu
here=$(dirname "$0")
for py in "${PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$py" ] || continue
    if "$py" -c 'import psycopg2' 2>/dev/null; then
        exec "$py" "$here/postgis_mvt.py" "$@"
    fi
done
echo "postgis-mvt.sh: no python3 with psycopg2 (apt-get install python3-psycopg2, or pip install psycopg2-binary)" >&2
exit 3

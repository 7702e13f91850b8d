#!/usr/bin/env bash
# Installs the system packages RoadGeo builds against (GEOS and PROJ C libraries, pkg-config),
# only when they are missing. Debian/Ubuntu; uses sudo when not run as root.
set -euo pipefail
missing=()
pkg-config --version >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists geos 2>/dev/null || missing+=(libgeos-dev)
pkg-config --exists proj 2>/dev/null || missing+=(libproj-dev)
[ -f /usr/share/proj/proj.db ] || missing+=(proj-data)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
# zlib for the OSM PBF reader, libxml2 for the GPX reader; osmium-tool is the oracle of the OSM import tests and geo-bench W9.
missing=()
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
command -v osmium >/dev/null 2>&1 || missing+=(osmium-tool)
[ -x /usr/bin/time ] || missing+=(time)          # geo-bench W9: peak RSS of the compared processes
command -v ogr2ogr >/dev/null 2>&1 || missing+=(gdal-bin)  # geo-bench W9: GDAL's OSM driver
# libxml2: swift-corelibs-foundation's FoundationXML (XMLParser, the GPX trace reader) links
# libxml2.so.2 at run time. Swift's own install list has it, but a slim image may not, and
# nothing above pulls it in (gdal-bin does, through libgdal, but is only a benchmark oracle).
dpkg-query -W -f='${Status}' libxml2 2>/dev/null | grep -q 'ok installed' || missing+=(libxml2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

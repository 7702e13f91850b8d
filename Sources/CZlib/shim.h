// zlib's C API (inflate for OSM PBF blobs), from the system library (Debian: zlib1g-dev).
#include <zlib.h>

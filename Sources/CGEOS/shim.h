// Only GEOS's reentrant (_r) API is visible to Swift: RoadGeo never shares a GEOS context between threads.
#define GEOS_USE_ONLY_R_API 1
#include <geos_c.h>

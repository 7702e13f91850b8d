// PROJ's transformation API and Karney's geodesic routines (geod_inverse, geod_direct).
#include <proj.h>
#include <geodesic.h>

// SQLite's C API (MBTiles archives), from the system library (Debian: libsqlite3-dev).
#include <sqlite3.h>

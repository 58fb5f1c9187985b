#ifndef JARBAKE_ARCHIVE_LIB_H
#define JARBAKE_ARCHIVE_LIB_H

/* Loads libarchive (see archive_lib.c); NULL when loaded, else why not. */
const char *archive_lib_error(void);

#endif

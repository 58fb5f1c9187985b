#ifndef JARBAKE_ERRORS_H
#define JARBAKE_ERRORS_H

#include "core/error.h"

/*
 * The one printer of errors: "jarbake: FILE:LINE:COL: error: MESSAGE" on
 * stderr, file and message without control bytes. Returns e->code (or
 * EXIT_USAGE when unset).
 */
int err_print(const struct error *e);

#endif

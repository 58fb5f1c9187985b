#ifndef JARBAKE_ERROR_H
#define JARBAKE_ERROR_H

#include <stdbool.h>

/* Exit codes fixed by CONTRACT.md. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_CHECK = 1, /* a check failed: mismatch, finding, drift */
	EXIT_USAGE = 2, /* bad option, invalid manifest, malformed input */
	EXIT_IO = 3,	/* network or I/O failure after retries */
};

/*
 * A caller-owned error record. Modules never print or exit: they fill this
 * and return -1. The first error wins; every setter accepts NULL.
 * line and column are 1-based, 0 when unknown.
 */
struct error {
	bool set;
	enum exit_code code;
	char file[1024];
	unsigned line, column;
	char message[1024];
};

#define ERROR_INIT                                                             \
	{                                                                      \
		0                                                              \
	}

/* Each setter returns -1 so callers can write "return err_set(e, ...)". */
int err_set(struct error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int err_set_code(struct error *e, enum exit_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends ": strerror(errno)" to the message. */
int err_set_errno(struct error *e, enum exit_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_set_at(struct error *e, const char *file, unsigned line,
	       unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sets the file (and position) of an error that was set without one. */
void err_locate(struct error *e, const char *file, unsigned line,
		unsigned column);

void err_clear(struct error *e);

#endif

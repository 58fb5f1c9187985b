#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "term.h"

static int err_vset(struct error *e, enum exit_code code, const char *fmt,
		    va_list ap)
{
	if (!e || e->set)
		return -1;
	e->set = true;
	e->code = code;
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	return -1;
}

int err_set(struct error *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, EXIT_USAGE, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_code(struct error *e, enum exit_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_errno(struct error *e, enum exit_code code, const char *fmt, ...)
{
	int saved = errno;
	size_t len;
	va_list ap;

	if (!e || e->set)
		return -1;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	len = strlen(e->message);
	snprintf(e->message + len, sizeof(e->message) - len, ": %s",
		 strerror(saved));
	return -1;
}

int err_set_at(struct error *e, const char *file, unsigned line,
	       unsigned column, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->set)
		return -1;
	va_start(ap, fmt);
	err_vset(e, EXIT_USAGE, fmt, ap);
	va_end(ap);
	err_locate(e, file, line, column);
	return -1;
}

void err_locate(struct error *e, const char *file, unsigned line,
		unsigned column)
{
	if (!e || e->file[0])
		return;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->column = column;
}

void err_clear(struct error *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

/*
 * A copy of s without control bytes ('?' instead): messages quote input
 * (a manifest value, an image's file name) that must not move the cursor,
 * clear the terminal or forge another line.
 */
static void printable(char *out, const char *s, size_t size)
{
	size_t i = 0;

	for (; s[i] && i + 1 < size; i++)
		out[i] =
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	out[i] = '\0';
}

int err_print(const struct error *e)
{
	const char *red = term_color(stderr, TERM_RED);
	const char *reset = term_color(stderr, TERM_RESET);
	char file[sizeof(e->file)], message[sizeof(e->message)];

	printable(file, e->file, sizeof(file));
	printable(message, e->message, sizeof(message));
	if (!file[0])
		fprintf(stderr, "jarbake: %serror:%s %s\n", red, reset,
			message);
	else if (!e->line)
		fprintf(stderr, "jarbake: %s: %serror:%s %s\n", file, red,
			reset, message);
	else
		fprintf(stderr, "jarbake: %s:%u:%u: %serror:%s %s\n", file,
			e->line, e->column ? e->column : 1, red, reset,
			message);
	return e->code ? (int)e->code : EXIT_USAGE;
}

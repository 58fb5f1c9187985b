#include "core/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/redact.h"

static int err_vset(struct error *e, enum exit_code code, const char *fmt,
		    va_list ap)
{
	char full[4 * sizeof(e->message)];
	size_t len;

	if (!e || e->set)
		return -1;
	e->set = true;
	e->code = code;
	/* Redact before truncating: a cut URL could keep half a password. */
	vsnprintf(full, sizeof(full), fmt, ap);
	redact_urls(full);
	len = strlen(full);
	if (len >= sizeof(e->message))
		len = sizeof(e->message) - 1;
	memcpy(e->message, full, len);
	e->message[len] = '\0';
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
	redact_urls(e->file);
	e->line = line;
	e->column = column;
}

void err_clear(struct error *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

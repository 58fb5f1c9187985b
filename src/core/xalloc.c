#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xmessage_v(const char *fmt, va_list ap)
{
	fputs("jarbake: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void xdie(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xmessage_v(fmt, ap);
	va_end(ap);
	abort();
}

void xalloc_die_oom(size_t size)
{
	xdie("out of memory allocating %zu bytes", size);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		xalloc_die_oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		xalloc_die_oom(st_mult(nmemb, size));
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		xalloc_die_oom(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(st_add(len, 1));

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		xalloc_die_oom(0);
	p = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *xgrow(void *items, size_t elem, size_t nr, size_t *alloc)
{
	size_t want;

	if (nr <= *alloc)
		return items;
	want = *alloc < 8 ? 8 : st_add(*alloc, *alloc / 2);
	if (want < nr)
		want = nr;
	items = xrealloc(items, st_mult(want, elem));
	*alloc = want;
	return items;
}

size_t st_add(size_t a, size_t b)
{
	size_t r;

	if (__builtin_add_overflow(a, b, &r))
		xdie("size overflow: %zu + %zu", a, b);
	return r;
}

size_t st_mult(size_t a, size_t b)
{
	size_t r;

	if (__builtin_mul_overflow(a, b, &r))
		xdie("size overflow: %zu * %zu", a, b);
	return r;
}

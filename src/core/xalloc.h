#ifndef JARBAKE_XALLOC_H
#define JARBAKE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Allocators that abort with a message when memory runs out. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *items (of *alloc elements of size elem) to hold at least nr. */
void *xgrow(void *items, size_t elem, size_t nr, size_t *alloc);
#define XGROW(items, nr, alloc)                                                \
	((items) = xgrow((items), sizeof(*(items)), (nr), &(alloc)))

/* Writes "jarbake: MESSAGE" and a newline to stderr (xdie, cli_message). */
void xmessage_v(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/*
 * The one fatal exit, for what no caller can handle (memory, a library
 * that cannot start): prints "jarbake: MESSAGE" and aborts.
 */
void xdie(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Prints that size bytes could not be had and aborts (never returns). */
void xalloc_die_oom(size_t size) __attribute__((noreturn));

/* size_t arithmetic that aborts on overflow. */
size_t st_add(size_t a, size_t b);
size_t st_mult(size_t a, size_t b);

#endif

#ifndef JARBAKE_STRBUF_H
#define JARBAKE_STRBUF_H

#include <stddef.h>

/* A growable, always NUL-terminated byte buffer (git's strbuf). */
struct strbuf {
	char *buf;
	size_t len, alloc;
};

#define STRBUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void strbuf_init(struct strbuf *sb);
/* Frees the contents and leaves sb empty; harmless twice. */
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller (never NULL) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as the body of a JSON string (without the quotes). */
void strbuf_add_json_escaped(struct strbuf *sb, const char *s);

#endif

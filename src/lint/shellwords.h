#ifndef JARBAKE_SHELLWORDS_H
#define JARBAKE_SHELLWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"

/*
 * Splits shell source into commands of words the way the shell does:
 * quotes, backslash escapes, backslash-newline continuations, comments,
 * $(...) and `...` kept inside their word, operators (; & | && || ( ))
 * ending a command, redirections kept as operator words, here-documents
 * recorded with their body. Nothing is expanded. Buffers are reused from
 * one command to the next: no allocation per line.
 */

enum {
	SHELL_WORD_QUOTED = 1, /* some part was quoted or escaped */
	SHELL_WORD_OP = 2,     /* a redirection operator: ">", ">>", "<<"... */
	SHELL_WORD_PLAIN = 4,  /* decoded text equals the source text */
	/* quoted as one '...' or "..." without escapes: the decoded text is
	 * the source between the quotes */
	SHELL_WORD_SIMPLE_QUOTED = 8,
};

struct shell_word {
	size_t start, len;   /* decoded text: lexer->buf.buf + start */
	size_t src, src_end; /* source byte range */
	unsigned line, col;  /* of the first source byte, 1-based */
	unsigned flags;
};

/* A here-document body: source bytes [start, end), first line 'line'. */
struct shell_heredoc {
	size_t start, end;
	unsigned line;
	size_t word; /* index of the "<<" operator word in the command */
};

#define SHELL_MAX_WORDS 4096
#define SHELL_MAX_HEREDOCS 4
#define SHELL_MAX_DELIM 128

struct shell_lexer {
	const char *src;
	size_t len, pos;
	unsigned line, col;
	bool folded; /* newlines separate words, not commands */
	struct strbuf buf;
	struct shell_word *words;
	size_t nr, alloc;
	struct shell_heredoc heredocs[SHELL_MAX_HEREDOCS];
	size_t nr_heredocs;
	/* here-document delimiters waiting for the end of the line */
	struct {
		char delim[SHELL_MAX_DELIM];
		bool strip_tabs;
		size_t word;
	} pending[SHELL_MAX_HEREDOCS];
	size_t nr_pending;
	bool want_delim, want_strip;
	size_t want_word;
	/* an array assignment NAME=(a b c) in the command: word array_at is
	 * "NAME=" (or "NAME+="), its elements follow up to array_end;
	 * array_at == SIZE_MAX when none. Newlines inside do not end it. */
	size_t array_at, array_end;
	bool in_array;
	bool truncated; /* a command had more than SHELL_MAX_WORDS words */
	bool piped;	/* the command's output goes to the next (a '|') */
};

/* Starts lexing src (borrowed, must outlive the lexer). */
void shell_lexer_init(struct shell_lexer *lx, const char *src, size_t len);
void shell_lexer_release(struct shell_lexer *lx);

/*
 * Reads the next command into lx->words (lx->nr words, possibly none when
 * only a here-document or operator was read). Returns false at the end.
 */
bool shell_next_command(struct shell_lexer *lx);

/* The decoded text of word i of the current command. */
static inline const char *shell_word_text(const struct shell_lexer *lx,
					  size_t i)
{
	return lx->buf.buf + lx->words[i].start;
}

#endif

#include "lint/shellwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void shell_lexer_init(struct shell_lexer *lx, const char *src, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->col = 1;
	strbuf_init(&lx->buf);
}

void shell_lexer_release(struct shell_lexer *lx)
{
	strbuf_release(&lx->buf);
	free(lx->words);
	lx->words = NULL;
	lx->nr = lx->alloc = 0;
}

static int peek(const struct shell_lexer *lx, size_t ahead)
{
	size_t at = lx->pos + ahead;

	return at < lx->len ? (unsigned char)lx->src[at] : -1;
}

static void advance(struct shell_lexer *lx)
{
	if (lx->pos >= lx->len)
		return;
	if (lx->src[lx->pos] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->pos++;
}

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool ends_word(int c)
{
	return c < 0 || is_blank(c) || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

static struct shell_word *new_word(struct shell_lexer *lx)
{
	struct shell_word *w;

	if (lx->nr >= SHELL_MAX_WORDS) {
		lx->truncated = true;
		return NULL;
	}
	XGROW(lx->words, lx->nr + 1, lx->alloc);
	w = &lx->words[lx->nr++];
	w->start = lx->buf.len;
	w->len = 0;
	w->src = lx->pos;
	w->src_end = lx->pos;
	w->line = lx->line;
	w->col = lx->col;
	w->flags = 0;
	return w;
}

/* Copies a $(...), ${...} or `...` group through its end, nesting. */
static void read_group(struct shell_lexer *lx, struct strbuf *out)
{
	int open = peek(lx, 0) == '`' ? '`' : peek(lx, 1);
	int close = open == '(' ? ')' : open == '{' ? '}' : '`';
	int depth = 0;
	char quote = 0;

	if (open != '`') {
		strbuf_addch(out, '$');
		advance(lx);
	}
	strbuf_addch(out, (char)peek(lx, 0));
	advance(lx);
	depth = 1;
	while (lx->pos < lx->len && depth > 0) {
		int c = peek(lx, 0);

		if (c == '\\' && peek(lx, 1) >= 0) {
			strbuf_add(out, lx->src + lx->pos, 2);
			advance(lx);
			advance(lx);
			continue;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			if (close != '`')
				quote = (char)c;
		} else if (c == close) {
			depth--;
		} else if (c == open && open != '`') {
			depth++;
		}
		strbuf_addch(out, (char)c);
		advance(lx);
	}
}

static void read_single_quoted(struct shell_lexer *lx, bool ansi)
{
	advance(lx); /* the quote */
	while (lx->pos < lx->len && peek(lx, 0) != '\'') {
		if (ansi && peek(lx, 0) == '\\' && peek(lx, 1) >= 0) {
			advance(lx);
			switch (peek(lx, 0)) {
			case 'n':
				strbuf_addch(&lx->buf, '\n');
				break;
			case 't':
				strbuf_addch(&lx->buf, '\t');
				break;
			default:
				strbuf_addch(&lx->buf, (char)peek(lx, 0));
			}
			advance(lx);
			continue;
		}
		strbuf_addch(&lx->buf, lx->src[lx->pos]);
		advance(lx);
	}
	advance(lx);
}

/* Returns true when the quoted text needed no escape. */
static bool read_double_quoted(struct shell_lexer *lx)
{
	bool simple = true;

	advance(lx);
	while (lx->pos < lx->len && peek(lx, 0) != '"') {
		int c = peek(lx, 0);

		if (c == '\\') {
			int n = peek(lx, 1);

			simple = false;
			if (n == '\n') {
				advance(lx);
				advance(lx);
				continue;
			}
			if (n == '"' || n == '\\' || n == '$' || n == '`') {
				advance(lx);
				strbuf_addch(&lx->buf, (char)n);
				advance(lx);
				continue;
			}
		}
		if ((c == '$' && (peek(lx, 1) == '(' || peek(lx, 1) == '{')) ||
		    c == '`') {
			read_group(lx, &lx->buf);
			continue;
		}
		strbuf_addch(&lx->buf, (char)c);
		advance(lx);
	}
	advance(lx);
	return simple;
}

static void read_word(struct shell_lexer *lx)
{
	struct shell_word *w = new_word(lx);
	size_t start = lx->buf.len, src = lx->pos;
	unsigned quotes = 0, escapes = 0, others = 0;
	bool simple_dq = true;

	while (lx->pos < lx->len && !ends_word(peek(lx, 0))) {
		int c = peek(lx, 0);

		if (c == '\\') {
			escapes++;
			advance(lx);
			if (peek(lx, 0) == '\n') {
				advance(lx);
				continue;
			}
			if (lx->pos < lx->len) {
				strbuf_addch(&lx->buf, lx->src[lx->pos]);
				advance(lx);
			}
		} else if (c == '\'') {
			quotes++;
			read_single_quoted(lx, false);
		} else if (c == '$' && peek(lx, 1) == '\'') {
			quotes++;
			escapes++;
			advance(lx);
			read_single_quoted(lx, true);
		} else if (c == '"') {
			quotes++;
			simple_dq = read_double_quoted(lx) && simple_dq;
		} else if ((c == '$' &&
			    (peek(lx, 1) == '(' || peek(lx, 1) == '{')) ||
			   c == '`') {
			others++;
			read_group(lx, &lx->buf);
		} else {
			others++;
			strbuf_addch(&lx->buf, (char)c);
			advance(lx);
		}
	}
	if (!w) {
		lx->buf.len = start;
		lx->buf.buf[start] = '\0';
		return;
	}
	w->len = lx->buf.len - start;
	w->src_end = lx->pos;
	if (quotes || escapes)
		w->flags |= SHELL_WORD_QUOTED;
	if (!quotes && !escapes)
		w->flags |= SHELL_WORD_PLAIN;
	if (quotes == 1 && !escapes && !others && simple_dq &&
	    lx->pos - src == w->len + 2)
		w->flags |= SHELL_WORD_SIMPLE_QUOTED;
	/* keep every word NUL-terminated for the callers */
	strbuf_addch(&lx->buf, '\0');
}

static void read_operator_word(struct shell_lexer *lx, size_t n)
{
	struct shell_word *w = new_word(lx);

	if (w) {
		strbuf_add(&lx->buf, lx->src + lx->pos, n);
		w->len = n;
		w->src_end = lx->pos + n;
		w->flags = SHELL_WORD_OP;
		strbuf_addch(&lx->buf, '\0');
	}
	while (n--)
		advance(lx);
}

/* Reads the bodies of pending here-documents, starting at a line start. */
static void read_heredocs(struct shell_lexer *lx)
{
	for (size_t i = 0; i < lx->nr_pending; i++) {
		const char *delim = lx->pending[i].delim;
		size_t dlen = strlen(delim);
		struct shell_heredoc *h = NULL;

		if (lx->nr_heredocs < SHELL_MAX_HEREDOCS) {
			h = &lx->heredocs[lx->nr_heredocs++];
			h->start = lx->pos;
			h->end = lx->len;
			h->line = lx->line;
			h->word = lx->pending[i].word;
		}
		while (lx->pos < lx->len) {
			size_t ls = lx->pos, le;
			const char *nl =
			    memchr(lx->src + ls, '\n', lx->len - ls);

			le = nl ? (size_t)(nl - lx->src) : lx->len;
			if (lx->pending[i].strip_tabs)
				while (ls < le && lx->src[ls] == '\t')
					ls++;
			if (le > ls && lx->src[le - 1] == '\r')
				le--;
			if (le - ls == dlen &&
			    !memcmp(lx->src + ls, delim, dlen)) {
				if (h)
					h->end = lx->pos;
				lx->pos =
				    nl ? (size_t)(nl - lx->src) + 1 : lx->len;
				lx->line++;
				lx->col = 1;
				break;
			}
			lx->pos = nl ? (size_t)(nl - lx->src) + 1 : lx->len;
			lx->line++;
			lx->col = 1;
		}
	}
	lx->nr_pending = 0;
}

static void take_delimiter(struct shell_lexer *lx)
{
	struct shell_word *w = &lx->words[lx->nr - 1];
	size_t n = w->len < SHELL_MAX_DELIM - 1 ? w->len : SHELL_MAX_DELIM - 1;

	lx->want_delim = false;
	if (lx->nr_pending >= SHELL_MAX_HEREDOCS)
		return;
	memcpy(lx->pending[lx->nr_pending].delim, lx->buf.buf + w->start, n);
	lx->pending[lx->nr_pending].delim[n] = '\0';
	lx->pending[lx->nr_pending].strip_tabs = lx->want_strip;
	lx->pending[lx->nr_pending].word = lx->want_word;
	lx->nr_pending++;
}

/* Length of the redirection operator at pos (0 when none). */
static size_t redirection_len(const struct shell_lexer *lx)
{
	int c = peek(lx, 0), n = peek(lx, 1);

	if (c == '&' && n == '>')
		return peek(lx, 2) == '>' ? 3 : 2;
	if (c == '<' && n == '<')
		return peek(lx, 2) == '-' || peek(lx, 2) == '<' ? 3 : 2;
	if (c == '>' && (n == '>' || n == '&' || n == '|'))
		return 2;
	if (c == '<' && (n == '&' || n == '>'))
		return 2;
	if (c == '<' || c == '>')
		return 1;
	return 0;
}

/* A '(' right after a word "NAME=" or "NAME+=": an array assignment. */
static bool opens_array(const struct shell_lexer *lx)
{
	const struct shell_word *w;
	const char *t;
	size_t n;

	if (!lx->nr || lx->in_array || lx->array_at != SIZE_MAX)
		return false;
	w = &lx->words[lx->nr - 1];
	t = lx->buf.buf + w->start;
	n = w->len;
	if (w->src_end != lx->pos || n < 2 || t[n - 1] != '=' ||
	    (w->flags & SHELL_WORD_OP))
		return false;
	n -= t[n - 2] == '+' ? 2 : 1;
	for (size_t i = 0; i < n; i++)
		if (!(t[i] == '_' || (t[i] >= 'a' && t[i] <= 'z') ||
		      (t[i] >= 'A' && t[i] <= 'Z') ||
		      (i && t[i] >= '0' && t[i] <= '9')))
			return false;
	return n > 0;
}

bool shell_next_command(struct shell_lexer *lx)
{
	bool any = false;

	strbuf_reset(&lx->buf);
	lx->nr = 0;
	lx->nr_heredocs = 0;
	lx->array_at = lx->array_end = SIZE_MAX;
	lx->in_array = false;
	lx->piped = false;
	while (lx->pos < lx->len) {
		int c = peek(lx, 0);
		size_t r;

		any = true;
		if (c == '\\' && peek(lx, 1) == '\n') {
			advance(lx);
			advance(lx);
		} else if (is_blank(c)) {
			advance(lx);
		} else if (c == '\n') {
			advance(lx);
			if (lx->nr_pending)
				read_heredocs(lx);
			if (!lx->folded && !lx->in_array && lx->nr)
				return true;
		} else if (c == '(' && opens_array(lx)) {
			advance(lx);
			lx->in_array = true;
			lx->array_at = lx->nr - 1;
		} else if (c == ')' && lx->in_array) {
			advance(lx);
			lx->in_array = false;
			lx->array_end = lx->nr;
		} else if (c == '#') {
			const char *nl =
			    memchr(lx->src + lx->pos, '\n', lx->len - lx->pos);
			size_t end = nl ? (size_t)(nl - lx->src) : lx->len;

			lx->col += (unsigned)(end - lx->pos);
			lx->pos = end;
		} else if ((r = redirection_len(lx)) > 0) {
			bool heredoc = c == '<' && r >= 2 &&
				       peek(lx, 1) == '<' &&
				       !(r == 3 && peek(lx, 2) == '<');

			read_operator_word(lx, r);
			if (heredoc) {
				lx->want_delim = true;
				lx->want_strip = r == 3;
				lx->want_word = lx->nr ? lx->nr - 1 : 0;
			}
		} else if (c == ';' || c == '&' || c == '|' || c == '(' ||
			   c == ')') {
			advance(lx);
			if ((c == '&' || c == '|' || c == ';') &&
			    peek(lx, 0) == c)
				advance(lx);
			else if (c == '|')
				lx->piped = lx->nr > 0;
			if (lx->nr)
				return true;
		} else {
			size_t before = lx->nr;

			read_word(lx);
			if (lx->want_delim && lx->nr > before)
				take_delimiter(lx);
		}
	}
	if (lx->nr_pending)
		lx->nr_pending = 0;
	return any || lx->nr;
}

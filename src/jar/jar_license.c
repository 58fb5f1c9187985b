/*
 * The licenses a JAR declares: the <licenses> of its embedded pom.xml and
 * MANIFEST.MF's Bundle-License header. Both are scanned tolerantly and
 * with caps; neither needs an XML or manifest library.
 */
#include "jar/jar.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

void jar_licenses_free(struct jar_license *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].name);
		free(l[i].url);
	}
	free(l);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/* Appends c unless it would double a space or pass the cap; control
 * characters (NUL too) count as spaces. */
static void add_text(struct strbuf *sb, char c)
{
	if (c == ' ' || (unsigned char)c < 0x20 || c == 0x7f) {
		if (!sb->len || sb->buf[sb->len - 1] == ' ')
			return;
		c = ' ';
	}
	if (sb->len < JAR_LICENSE_TEXT_MAX)
		strbuf_addch(sb, c);
}

static char *finish_text(struct strbuf *sb)
{
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	if (!sb->len) {
		strbuf_release(sb);
		return NULL;
	}
	sb->buf[sb->len] = '\0';
	return strbuf_detach(sb, NULL);
}

static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p && (size_t)(end - p) >= n; p++) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (!p || (size_t)(end - p) < n)
			return NULL;
		if (!memcmp(p, needle, n))
			return p;
	}
	return NULL;
}

/* The text of [p, end): entities and CDATA decoded, whitespace
 * collapsed, capped; NULL when empty. */
static char *xml_text(const char *p, const char *end)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'},
		    {"&lt;", '<'},
		    {"&gt;", '>'},
		    {"&quot;", '"'},
		    {"&apos;", '\''}};
	struct strbuf sb = STRBUF_INIT;

	while (p < end) {
		const char *q;
		size_t k;

		if (*p == '<' && (q = find(p, end, "<![CDATA[")) == p) {
			const char *stop = find(p + 9, end, "]]>");

			for (q = p + 9; q < (stop ? stop : end); q++)
				add_text(&sb, *q);
			p = stop ? stop + 3 : end;
			continue;
		}
		if (*p == '&') {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				size_t n = strlen(ents[k].ent);

				if ((size_t)(end - p) >= n &&
				    !memcmp(p, ents[k].ent, n)) {
					add_text(&sb, ents[k].c);
					p += n;
					break;
				}
			}
			if (k < sizeof(ents) / sizeof(ents[0]))
				continue;
		}
		add_text(&sb, *p++);
	}
	return finish_text(&sb);
}

/* The text of the first <tag>...</tag> in [p, end), or NULL. */
static char *xml_child(const char *p, const char *end, const char *tag)
{
	char *open = xasprintf("<%s>", tag), *close = xasprintf("</%s>", tag);
	const char *a = find(p, end, open), *b;
	char *text = NULL;

	if (a) {
		a += strlen(open);
		b = find(a, end, close);
		text = xml_text(a, b ? b : end);
	}
	free(open);
	free(close);
	return text;
}

/* text without its <!-- comments --> (they may hold old <licenses>). */
static void strip_comments(const char *p, const char *end, struct strbuf *out)
{
	while (p < end) {
		const char *c = find(p, end, "<!--"), *stop;

		strbuf_add(out, p, (size_t)((c ? c : end) - p));
		if (!c)
			break;
		stop = find(c + 4, end, "-->");
		p = stop ? stop + 3 : end;
	}
}

size_t jar_pom_xml_licenses(const char *text, size_t len,
			    struct jar_license **out)
{
	struct strbuf doc = STRBUF_INIT;
	const char *p, *end;
	size_t n = 0;

	*out = NULL;
	strip_comments(text, text + len, &doc);
	end = doc.buf ? doc.buf + doc.len : NULL;
	p = doc.buf ? find(doc.buf, end, "<licenses>") : NULL;
	if (p) {
		const char *stop = find(p, end, "</licenses>");

		end = stop ? stop : end;
	}
	while (p && n < JAR_MAX_LICENSES) {
		const char *a = find(p, end, "<license>"), *b;
		char *name, *url;

		if (!a)
			break;
		a += strlen("<license>");
		b = find(a, end, "</license>");
		if (!b)
			b = end;
		name = xml_child(a, b, "name");
		url = xml_child(a, b, "url");
		if (name || url) {
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n].name = name;
			(*out)[n++].url = url;
		}
		p = b;
	}
	strbuf_release(&doc);
	return n;
}

/* ---- MANIFEST.MF ---- */

/* Appends [v, le) to a header value, capped; NUL and other control
 * characters as spaces. */
static void add_value(struct strbuf *sb, const char *v, const char *le)
{
	for (; v < le && sb->len < JAR_MAX_LICENSES * JAR_LICENSE_TEXT_MAX; v++)
		strbuf_addch(sb, (unsigned char)*v < 0x20 ? ' ' : *v);
}

/* The end of the line at p (a CR, an LF or the end) and where the next
 * one starts: a manifest's lines end in CR LF, LF or CR alone. */
static const char *line_end(const char *p, const char *end, const char **next)
{
	const char *le = p;

	while (le < end && *le != '\r' && *le != '\n')
		le++;
	*next = le < end && *le == '\r' && le + 1 < end && le[1] == '\n'
		    ? le + 2
		: le < end ? le + 1
			   : end;
	return le;
}

char *jar_manifest_value(const char *text, size_t len, const char *name)
{
	const char *p = text, *end = text + len;
	size_t nlen = strlen(name);

	while (p < end) {
		const char *next;
		const char *le = line_end(p, end, &next);
		struct strbuf sb = STRBUF_INIT;

		if ((size_t)(le - p) > nlen && !strncasecmp(p, name, nlen) &&
		    p[nlen] == ':') {
			const char *v = p + nlen + 1;

			for (;;) {
				add_value(&sb, v, le);
				if (next >= end || *next != ' ')
					break;
				v = next + 1;
				le = line_end(v, end, &next);
			}
			return strbuf_detach(&sb, NULL);
		}
		p = next;
	}
	return NULL;
}

static char *trimmed(const char *a, const char *b)
{
	while (a < b && is_space(*a))
		a++;
	while (b > a && is_space(b[-1]))
		b--;
	if (b > a && *a == '"' && b[-1] == '"' && b - a >= 2) {
		a++;
		b--;
	}
	if (b == a)
		return NULL;
	if (b - a > JAR_LICENSE_TEXT_MAX)
		b = a + JAR_LICENSE_TEXT_MAX;
	return xstrndup(a, (size_t)(b - a));
}

/* One item: NAME-OR-URL;description="...";link="URL". */
static bool bundle_item(const char *a, const char *b, struct jar_license *l)
{
	const char *semi = memchr(a, ';', (size_t)(b - a));
	char *first = trimmed(a, semi ? semi : b);

	l->name = l->url = NULL;
	if (!first || !strcmp(first, "<<EXTERNAL>>")) {
		free(first);
		return false;
	}
	if (strstr(first, "://"))
		l->url = first;
	else
		l->name = first;
	while (semi) {
		const char *s = semi + 1, *next = s;
		bool quoted = false;

		for (; next < b && (quoted || *next != ';'); next++)
			if (*next == '"')
				quoted = !quoted;
		while (s < next && is_space(*s))
			s++;
		if (!l->url && next - s > 5 && !strncasecmp(s, "link=", 5))
			l->url = trimmed(s + 5, next);
		semi = next < b ? next : NULL;
	}
	return true;
}

size_t jar_manifest_licenses(const char *text, size_t len,
			     struct jar_license **out)
{
	char *v = jar_manifest_value(text, len, "Bundle-License");
	const char *p, *end;
	size_t n = 0;

	*out = NULL;
	if (!v)
		return 0;
	p = v;
	end = v + strlen(v);
	while (p < end && n < JAR_MAX_LICENSES) {
		const char *q = p;
		bool quoted = false;

		for (; q < end && (quoted || *q != ','); q++)
			if (*q == '"')
				quoted = !quoted;
		*out = xrealloc(*out, (n + 1) * sizeof(**out));
		if (bundle_item(p, q, &(*out)[n]))
			n++;
		p = q < end ? q + 1 : end;
	}
	if (!n) {
		free(*out);
		*out = NULL;
	}
	free(v);
	return n;
}

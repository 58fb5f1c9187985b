#include "out/license_id.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/strbuf.h"

struct known_license {
	const char *id;
	const char *names[10]; /* normalised: lower case, single spaces */
	const char *urls[4];   /* without scheme, "www.", suffix or '/' */
};

static const struct known_license known[] = {
    {"Apache-2.0",
     {"apache 2.0", "apache 2", "apache license 2.0", "asl 2.0",
      "apache license, version 2.0", "the apache license, version 2.0",
      "the apache software license, version 2.0", "apache license version 2.0",
      "apache software license - version 2.0", "apache-2"},
     {"apache.org/licenses/license-2.0", "opensource.org/licenses/apache-2.0"}},
    {"MIT",
     {"mit license", "the mit license", "mit license (mit)"},
     {"opensource.org/licenses/mit", "opensource.org/licenses/mit-license"}},
    {"BSD-3-Clause",
     {"bsd 3-clause", "bsd 3-clause license", "the bsd 3-clause license",
      "new bsd license", "revised bsd license", "bsd-3-clause license",
      "the new bsd license", "3-clause bsd license"},
     {"opensource.org/licenses/bsd-3-clause"}},
    {"BSD-2-Clause",
     {"bsd 2-clause", "bsd 2-clause license", "simplified bsd license",
      "the bsd 2-clause license", "2-clause bsd license"},
     {"opensource.org/licenses/bsd-2-clause"}},
    {"EPL-2.0",
     {"eclipse public license 2.0", "eclipse public license - v 2.0",
      "eclipse public license v2.0", "eclipse public license - version 2.0"},
     {"eclipse.org/legal/epl-2.0", "opensource.org/licenses/epl-2.0"}},
    {"EPL-1.0",
     {"eclipse public license 1.0", "eclipse public license - v 1.0",
      "eclipse public license v1.0", "eclipse public license - version 1.0"},
     {"eclipse.org/legal/epl-v10", "opensource.org/licenses/epl-1.0"}},
    {"MPL-2.0",
     {"mozilla public license 2.0", "mozilla public license, version 2.0",
      "mpl 2.0"},
     {"mozilla.org/mpl/2.0", "opensource.org/licenses/mpl-2.0"}},
    {"CC0-1.0",
     {"cc0", "cc0 1.0 universal", "public domain, per creative commons cc0"},
     {"creativecommons.org/publicdomain/zero/1.0"}},
    {"ISC", {"isc license"}, {"opensource.org/licenses/isc"}},
    {"EDL-1.0",
     {"eclipse distribution license - v 1.0",
      "eclipse distribution license 1.0"},
     {"eclipse.org/org/documents/edl-v10"}},
};

#define NR_KNOWN (sizeof(known) / sizeof(known[0]))

/* Lower case, runs of white space as one space, trimmed. */
static void normalise(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c)) {
			if (out->len && out->buf[out->len - 1] != ' ')
				strbuf_addch(out, ' ');
			continue;
		}
		strbuf_addch(out, (char)tolower(c));
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

/* "https://www.apache.org/licenses/LICENSE-2.0.txt" ->
 * "apache.org/licenses/license-2.0". */
static void normalise_url(const char *url, struct strbuf *out)
{
	static const char *const suffixes[] = {".txt", ".html", ".htm", ".php",
					       ".md"};
	const char *p = strstr(url, "://");

	normalise(p ? p + 3 : url, out);
	if (out->len > 4 && !strncmp(out->buf, "www.", 4)) {
		memmove(out->buf, out->buf + 4, out->len - 3);
		out->len -= 4;
	}
	while (out->len && out->buf[out->len - 1] == '/')
		out->buf[--out->len] = '\0';
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t n = strlen(suffixes[i]);

		if (out->len > n &&
		    !strcmp(out->buf + out->len - n, suffixes[i])) {
			out->len -= n;
			out->buf[out->len] = '\0';
			break;
		}
	}
}

static const char *by_name(const char *name)
{
	struct strbuf n = STRBUF_INIT;
	const char *id = NULL;

	normalise(name, &n);
	for (size_t i = 0; n.len && !id && i < NR_KNOWN; i++) {
		if (!strcasecmp(n.buf, known[i].id))
			id = known[i].id;
		for (size_t k = 0; !id && k < 10 && known[i].names[k]; k++)
			if (!strcmp(n.buf, known[i].names[k]))
				id = known[i].id;
	}
	strbuf_release(&n);
	return id;
}

static const char *by_url(const char *url)
{
	struct strbuf u = STRBUF_INIT;
	const char *id = NULL;

	normalise_url(url, &u);
	for (size_t i = 0; u.len && !id && i < NR_KNOWN; i++)
		for (size_t k = 0; !id && k < 4 && known[i].urls[k]; k++)
			if (!strcmp(u.buf, known[i].urls[k]))
				id = known[i].id;
	strbuf_release(&u);
	return id;
}

const char *license_spdx_id(const char *name, const char *url)
{
	const char *id = name ? by_name(name) : NULL;

	/* A name outside the table ("Apache License") with the canonical
	 * URL of a license in it: the URL decides. */
	if (!id && url)
		id = by_url(url);
	return id;
}

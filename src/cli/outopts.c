#include "cli/outopts.h"

#include <string.h>

#include "cli/cli.h"
#include "out/term.h"

static const char *const format_names[] = {
    [REPORT_TEXT] = "text",
    [REPORT_JSON] = "json",
    [REPORT_SARIF] = "sarif",
    [REPORT_GITHUB] = "github",
};

/* "text, json, sarif or github": the formats of mask, for messages. */
static void format_list(unsigned mask, char *buf, size_t len)
{
	size_t n = 0, nr = 0, total = 0;

	for (size_t i = 0; i < 4; i++)
		total += (mask & OUTOPTS_FORMAT(i)) != 0;
	buf[0] = '\0';
	for (size_t i = 0; i < 4 && n < len; i++) {
		if (!(mask & OUTOPTS_FORMAT(i)))
			continue;
		nr++;
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      nr == 1	    ? ""
				      : nr == total ? " or "
						    : ", ",
				      format_names[i]);
	}
}

int outopts_parse(const char *command, int c, const char *arg,
		  struct outopts *o)
{
	enum report_format f;
	char list[64];

	switch (c) {
	case 'f':
		format_list(o->formats, list, sizeof(list));
		if (report_format_parse(arg, &f) ||
		    !(o->formats & OUTOPTS_FORMAT(f))) {
			cli_usage_error(command, "unknown format '%s' (%s)",
					arg, list);
			return -1;
		}
		o->format = f;
		return 1;
	case OUTOPT_JSON:
		o->format = REPORT_JSON;
		return 1;
	case 'q':
		o->quiet = true;
		return 1;
	case OUTOPT_COLOR:
		if (!strcmp(arg, "auto"))
			term_set_color_mode(TERM_COLOR_AUTO);
		else if (!strcmp(arg, "always"))
			term_set_color_mode(TERM_COLOR_ALWAYS);
		else if (!strcmp(arg, "never"))
			term_set_color_mode(TERM_COLOR_NEVER);
		else {
			cli_usage_error(command,
					"--color wants auto, always or never, "
					"not '%s'",
					arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int outopts_check(const char *command, const struct outopts *o)
{
	if (o->quiet && o->format != REPORT_TEXT) {
		cli_usage_error(command,
				"--quiet and --format %s exclude "
				"each other",
				format_names[o->format]);
		return -1;
	}
	return 0;
}

void outopts_usage(FILE *out, unsigned formats)
{
	char list[64];

	format_list(formats, list, sizeof(list));
	fprintf(out,
		"  -f, --format FORMAT     %s (default text)\n"
		"      --json              the same as --format json\n",
		list);
	fputs("  -q, --quiet             print nothing but errors; the exit "
	      "status tells\n"
	      "      --color WHEN        auto (default: on a terminal, "
	      "without NO_COLOR),\n"
	      "                          always or never\n",
	      out);
}

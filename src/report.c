#include "report.h"

#include <string.h>

#include "term.h"

static const char *severity_name(enum severity s)
{
	switch (s) {
	case SEVERITY_ERROR:
		return "error";
	case SEVERITY_WARNING:
		return "warning";
	default:
		return "note";
	}
}

int report_format_parse(const char *name, enum report_format *out)
{
	static const struct {
		const char *name;
		enum report_format format;
	} formats[] = {
		{ "text", REPORT_TEXT },
		{ "json", REPORT_JSON },
		{ "sarif", REPORT_SARIF },
		{ "github", REPORT_GITHUB },
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (!strcmp(name, formats[i].name)) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

static void print_text(FILE *out, const struct findings *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		const struct finding *it = &f->items[i];
		const char *color = term_color(out, it->severity == SEVERITY_ERROR
							    ? TERM_RED
							    : TERM_YELLOW);

		if (it->line)
			fprintf(out, "%s:%u:%u: ", it->file, it->line,
				it->column ? it->column : 1);
		else
			fprintf(out, "%s: ", it->file);
		fprintf(out, "%s%s:%s %s [%s]\n", color,
			severity_name(it->severity), term_color(out, TERM_RESET),
			it->message, it->rule);
	}
}

int report_print(FILE *out, enum report_format format,
		 const struct findings *findings, const char *tool_command)
{
	(void)tool_command;
	switch (format) {
	case REPORT_TEXT:
	default:
		print_text(out, findings);
		break;
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}

#include "out/errors.h"

#include <stdio.h>

#include "out/term.h"

int err_print(const struct error *e)
{
	/* File and message quote input: printed without control bytes. */
	fputs("jarbake: ", stderr);
	if (e->file[0]) {
		term_fputs_printable(e->file, stderr);
		if (e->line)
			fprintf(stderr, ":%u:%u", e->line,
				e->column ? e->column : 1);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%serror:%s ", term_color(stderr, TERM_RED),
		term_color(stderr, TERM_RESET));
	term_fputs_printable(e->message, stderr);
	fputc('\n', stderr);
	return e->code ? (int)e->code : EXIT_USAGE;
}

#include "out/lint_stats.h"

#include "lint/lint.h"

/*
 * "jarbake lint --stats": per format, the files read, those that fell
 * back to a tolerant scan, those skipped and why.
 */
void report_lint_stats(FILE *out, const struct lint_walk_stats *st)
{
	int n = lint_format_count();

	if (n > LINT_STATS_FORMATS)
		n = LINT_STATS_FORMATS;
	fprintf(out, "%-12s %8s %10s %8s  %s\n", "format", "read", "fell back",
		"skipped", "(binary, too large, unknown format)");
	for (int f = 0; f < n; f++) {
		/* "other": files of no format lint reads */
		size_t unknown = f ? 0 : st->read[0];
		size_t read = f ? st->read[f] : 0;
		size_t skipped = st->binary[f] + st->too_large[f] + unknown;

		if (!read && !skipped && !st->fell_back[f])
			continue;
		fprintf(out, "%-12s %8zu %10zu %8zu  (%zu, %zu, %zu)\n",
			lint_format_name(f), read, st->fell_back[f], skipped,
			st->binary[f], st->too_large[f], unknown);
	}
	fprintf(out,
		"files: %zu seen, %zu unreadable, %zu not regular files; caps "
		"reached: %zu\n",
		st->files, st->errors, st->special, st->caps);
}

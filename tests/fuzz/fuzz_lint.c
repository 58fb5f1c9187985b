/* libFuzzer harness: any bytes through every lint scanner; the first byte
 * picks the file name, hence the format (the ignore matcher has its own
 * harness, fuzz_lint_ignore.c). */
#include <stddef.h>
#include <stdint.h>

#include "lint/lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
    "a.sh",	   "spark-defaults.conf",
    "v.yaml",	   "x.json",
    "nb.ipynb",	   "Dockerfile",
    "Makefile",	   ".env",
    "job.py",	   "Job.scala",
    "Jenkinsfile", "x.ini",
    "main.tf",	   "justfile",
    "x.conf.j2",   "templates/t.yaml",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct findings f = FINDINGS_INIT;
	struct error e = ERROR_INIT;

	if (!size)
		return 0;
	lint_buffer(names[data[0] % (sizeof(names) / sizeof(names[0]))],
		    (const char *)data + 1, size - 1, &f, &e);
	findings_release(&f);
	return 0;
}

/* libFuzzer harness: any bytes through every lint scanner; the first byte
 * picks the file name, hence the format. A first byte with the high bit
 * set picks the ignore matcher instead: "PATTERN\nPATH". */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "lint/lint_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
    "a.sh",	"spark-defaults.conf", "v.yaml",      "x.json",
    "nb.ipynb", "Dockerfile",	       "Makefile",    ".env",
    "job.py",	"Job.scala",	       "Jenkinsfile", "x.ini",
};

static void ignore_match(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char *nl;

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		lint_glob_match(text, nl + 1);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct findings f = FINDINGS_INIT;
	struct error e = ERROR_INIT;

	if (!size)
		return 0;
	if (data[0] & 0x80) {
		ignore_match(data + 1, size - 1);
		return 0;
	}
	lint_buffer(names[data[0] % (sizeof(names) / sizeof(names[0]))],
		    (const char *)data + 1, size - 1, &f, &e);
	findings_release(&f);
	return 0;
}

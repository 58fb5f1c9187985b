/*
 * libFuzzer harness: any bytes as an embedded pom.xml and as a
 * MANIFEST.MF. The scanners must stay within their caps: at most
 * JAR_MAX_LICENSES licenses, each text non-empty and at most
 * JAR_LICENSE_TEXT_MAX bytes, a pom.xml license with a name or a url.
 */
#include <stdlib.h>
#include <string.h>

#include "jar/jar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct jar_license *l, size_t n, bool need_one)
{
	if (n > JAR_MAX_LICENSES || (n && !l))
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *t[2] = {l[i].name, l[i].url};

		if (need_one && !t[0] && !t[1])
			abort();
		for (int k = 0; k < 2; k++)
			if (t[k] &&
			    (!*t[k] || strlen(t[k]) > JAR_LICENSE_TEXT_MAX))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jar_license *l;
	size_t n;

	n = jar_pom_xml_licenses((const char *)data, size, &l);
	check(l, n, true);
	jar_licenses_free(l, n);
	n = jar_manifest_licenses((const char *)data, size, &l);
	check(l, n, true);
	jar_licenses_free(l, n);
	return 0;
}

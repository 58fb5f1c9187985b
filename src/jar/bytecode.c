/* Class-file versions against the Java an image runs. */
#include "jar/bytecode.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "manifest/manifest.h"

unsigned bytecode_java_feature(const char *version)
{
	const char *p = version;
	unsigned long v;
	char *end;

	if (!p)
		return 0;
	while (*p && !isdigit((unsigned char)*p))
		p++;
	if (!*p)
		return 0;
	v = strtoul(p, &end, 10);
	/* "1.8.0": the old scheme, the feature is the second number */
	if (v == 1 && *end == '.' && isdigit((unsigned char)end[1]))
		v = strtoul(end + 1, &end, 10);
	return v >= 1 && v < 1000 ? (unsigned)v : 0;
}

unsigned bytecode_release_feature(const char *text, size_t len)
{
	static const char key[] = "JAVA_VERSION=";
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		size_t n = (size_t)(line_end - p);

		if (n > sizeof(key) - 1 && !memcmp(p, key, sizeof(key) - 1)) {
			char buf[64];
			size_t vlen = n - (sizeof(key) - 1);

			if (vlen >= sizeof(buf))
				vlen = sizeof(buf) - 1;
			memcpy(buf, p + sizeof(key) - 1, vlen);
			buf[vlen] = '\0';
			return bytecode_java_feature(buf);
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

bool bytecode_check(const char *path, const struct jar_info *jar, unsigned java,
		    const char *source, struct findings *out)
{
	unsigned need;

	if (!jar || !java || !jar->max_major)
		return false;
	need = JAR_JAVA_FEATURE(jar->max_major);
	if (need <= java)
		return false;
	findings_add(out, path, 0, 0, SEVERITY_ERROR, "bytecode-too-new",
		     "classes for Java %u (class-file version %u, e.g. '%s') "
		     "cannot load on the image's Java %u (%s)",
		     need, jar->max_major,
		     jar->max_major_class ? jar->max_major_class : "?", java,
		     source);
	return true;
}

size_t bytecode_check_dir(const struct manifest *m, const char *dir,
			  struct findings *out)
{
	char *source;
	size_t found = 0;

	if (!m->image.java_version)
		return 0;
	source = xasprintf("image.java_version in '%s'", m->path);
	for (size_t i = 0; i < m->nr_jars; i++) {
		char *path = xasprintf("%s/%s", dir, m->jars[i].file);
		struct jar_info info = JAR_INFO_INIT;

		if (!jar_read_file(path, JAR_READ_VERSIONS, &info, NULL))
			found += bytecode_check(
			    path, &info, m->image.java_version, source, out);
		jar_info_release(&info);
		free(path);
	}
	free(source);
	return found;
}

#include "manifest/maven.h"

#include <string.h>
#include <strings.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

/* Characters Maven allows in group ids, artifact ids and versions. */
static bool coordinate_part_valid(const char *s, size_t len)
{
	if (!len || len > 200)
		return false;
	if (s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == '_' || c == '+'))
			return false;
		if (c == '.' && i + 1 < len && s[i + 1] == '.')
			return false;
	}
	return true;
}

int maven_parse_coordinates(const char *gav, char **group, char **artifact,
			    char **version, struct error *e)
{
	const char *first = strchr(gav, ':');
	const char *second = first ? strchr(first + 1, ':') : NULL;

	*group = *artifact = *version = NULL;
	if (!first || !second || strchr(second + 1, ':'))
		return err_set(e,
			       "'%s' is not Maven coordinates "
			       "'group:artifact:version'",
			       gav);
	if (!coordinate_part_valid(gav, (size_t)(first - gav)))
		return err_set(e, "invalid group id in '%s'", gav);
	if (!coordinate_part_valid(first + 1, (size_t)(second - first - 1)))
		return err_set(e, "invalid artifact id in '%s'", gav);
	if (!coordinate_part_valid(second + 1, strlen(second + 1)))
		return err_set(e, "invalid version in '%s'", gav);
	*group = xstrndup(gav, (size_t)(first - gav));
	*artifact = xstrndup(first + 1, (size_t)(second - first - 1));
	*version = xstrdup(second + 1);
	return 0;
}

char *maven_url(const char *repository, const char *group, const char *artifact,
		const char *version)
{
	struct strbuf sb = STRBUF_INIT;
	size_t repo_len = strlen(repository);

	while (repo_len && repository[repo_len - 1] == '/')
		repo_len--;
	strbuf_add(&sb, repository, repo_len);
	strbuf_addch(&sb, '/');
	for (const char *p = group; *p; p++)
		strbuf_addch(&sb, *p == '.' ? '/' : *p);
	strbuf_addf(&sb, "/%s/%s/%s-%s.jar", artifact, version, artifact,
		    version);
	return strbuf_detach(&sb, NULL);
}

char *maven_file(const char *artifact, const char *version)
{
	return xasprintf("%s-%s.jar", artifact, version);
}

char *maven_url_file(const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *scheme_end = strstr(url, "://");
	const char *path_start = scheme_end ? scheme_end + 3 : url;
	const char *slash = NULL;

	for (const char *p = path_start; p < url + end; p++)
		if (*p == '/')
			slash = p;
	if (!slash || slash + 1 >= url + end)
		return NULL;
	return xstrndup(slash + 1, (size_t)(url + end - slash - 1));
}

bool maven_file_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len <= 4 || len > 255 || strcmp(name + len - 4, ".jar"))
		return false;
	if (strstr(name, ".."))
		return false;
	/* Safe in a Dockerfile, a shell and a URL without quoting. */
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		      *p == '_' || *p == '+' || *p == '~'))
			return false;
	return name[0] != '.' && name[0] != '-';
}

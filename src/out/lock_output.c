#include "out/lock_output.h"

#include "out/json.h"

static const char *status_name(enum lock_status s)
{
	switch (s) {
	case LOCK_PINNED:
		return "pinned";
	case LOCK_BUMPED:
		return "bumped";
	case LOCK_REPINNED:
		return "repinned";
	case LOCK_CONFLICT:
		return "conflict";
	case LOCK_UNCHANGED:
	default:
		return "unchanged";
	}
}

static void json_error(struct json_writer *w, const struct error *e)
{
	jw_object(w, NULL);
	jw_string(w, "file", e->file[0] ? e->file : NULL);
	jw_int(w, "line", e->line);
	jw_int(w, "column", e->column);
	jw_string(w, "message", e->message);
	jw_end(w);
}

int lock_print_json(FILE *out, const char *manifest,
		    const struct lock_report *r, bool dry_run, int exit_code,
		    const struct error *e)
{
	struct json_writer *w = jw_new();

	jw_object(w, NULL);
	jw_string(w, "manifest", manifest);
	jw_bool(w, "ok", exit_code == 0);
	jw_int(w, "exit_code", exit_code);
	jw_bool(w, "dry_run", dry_run);
	jw_bool(w, "changed", r->changed);
	jw_bool(w, "written", r->written);
	jw_array(w, "jars");
	for (size_t i = 0; i < r->nr_jars; i++) {
		const struct lock_jar *j = &r->jars[i];

		jw_object(w, NULL);
		jw_string(w, "name", j->name);
		jw_string(w, "status", status_name(j->status));
		jw_string(w, "old_version", j->old_version);
		jw_string(w, "version", j->new_version);
		jw_string(w, "old_sha256",
			  j->old_sha256[0] ? j->old_sha256 : NULL);
		jw_string(w, "sha256", j->new_sha256[0] ? j->new_sha256 : NULL);
		if (j->new_sha256[0])
			jw_uint(w, "size", j->new_size);
		else
			jw_null(w, "size");
		jw_end(w);
	}
	jw_end(w);
	if (r->base) {
		jw_object(w, "base");
		jw_uint(w, "jars", r->nr_base_jars);
		jw_bool(w, "changed", r->base_changed);
		jw_end(w);
	} else {
		jw_null(w, "base");
	}
	jw_array(w, "errors");
	if (r->nr_download_errors > 1)
		for (size_t i = 0; i < r->nr_download_errors; i++)
			json_error(w, &r->download_errors[i]);
	else if (e && e->set)
		json_error(w, e);
	jw_end(w);
	jw_end(w);
	return jw_print(w, out);
}

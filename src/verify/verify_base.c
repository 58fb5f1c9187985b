/* verify's proof of the base: the image's first layers are the pinned
 * base's (image.base_layers), and its base.digest label, when it has
 * one, names the digest image.base pins. */
#include <string.h>

#include "verify/verify.h"

/* The label buildkit, buildah and jarbake's Dockerfile set. */
#define LABEL_BASE_DIGEST "org.opencontainers.image.base.digest"

void verify_base(const struct manifest *m, char *const *diff_ids, size_t nr,
		 const char *label_digest, const char *origin,
		 struct verify_report *r)
{
	const char *pin = m->image.base_digest;
	size_t want = m->image.nr_base_layers;

	if (pin && label_digest && *label_digest && strcmp(pin, label_digest))
		findings_add(&r->findings, origin, 0, 0, SEVERITY_ERROR,
			     "base-mismatch",
			     "label " LABEL_BASE_DIGEST " says the image was "
			     "built from %.80s, the manifest pins '%s'",
			     label_digest, m->image.base);
	if (!m->image.has_base_layers) {
		if (pin)
			findings_add(&r->findings, origin, 0, 0,
				     SEVERITY_WARNING, "base-mismatch",
				     "image.base pins a digest but the "
				     "manifest has no base_layers: the base "
				     "is not proven (run 'jarbake lock "
				     "--base-image REF')");
		return;
	}
	if (nr < want) {
		findings_add(&r->findings, origin, 0, 0, SEVERITY_ERROR,
			     "base-mismatch",
			     "the image has %zu layer%s, fewer than the %zu of "
			     "the pinned base '%s'",
			     nr, nr == 1 ? "" : "s", want, m->image.base);
		return;
	}
	for (size_t i = 0; i < want; i++)
		if (strcmp(diff_ids[i], m->image.base_layers[i])) {
			findings_add(&r->findings, origin, 0, 0, SEVERITY_ERROR,
				     "base-mismatch",
				     "layer %zu of the image is %.80s, the "
				     "pinned base '%s' has %s: the image was "
				     "not built from it",
				     i + 1, diff_ids[i], m->image.base,
				     m->image.base_layers[i]);
			return;
		}
	findings_add(&r->findings, origin, 0, 0, SEVERITY_NOTE, "base",
		     "the first %zu layer%s of the image are the pinned base "
		     "'%s'",
		     want, want == 1 ? " is" : "s", m->image.base);
}

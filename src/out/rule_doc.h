#ifndef JARBAKE_RULE_DOC_H
#define JARBAKE_RULE_DOC_H

/*
 * What each rule id of lint and verify findings means, for reports that
 * describe their rules (SARIF's reportingDescriptor): a display name, a
 * one-line and a full description, and the README section that explains
 * it. Lint's one-line summaries come from lint/rules.h.
 */
struct rule_doc {
	const char *id;
	const char *name; /* "RuntimeJars": SARIF's rule name */
	const char *short_text;
	const char *full_text;
	const char *anchor; /* README anchor, appended to the tool's URI */
};

/* The rule id's description; an unknown id gets a generic one (never NULL). */
const struct rule_doc *rule_doc_find(const char *id);

#endif

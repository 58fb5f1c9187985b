#include "out/rule_doc.h"

#include <string.h>

#include "lint/rules.h"

#define LINT "refusing-run-time-jars-jarbake-lint"
#define CHECKED "what-is-checked"
#define RUNTIME_FULL                                                           \
	"Spark must not load JARs at run time: JARs and packages added per "   \
	"session are resolved on every node from whatever repository "         \
	"answers, so the same job gets different class paths. Add the JAR "    \
	"to the manifest, rebuild the image, and remove the setting."

static const struct rule_doc docs[] = {
    {"runtime-jars", "RuntimeJars", NULL, RUNTIME_FULL, LINT},
    {"runtime-packages", "RuntimePackages", NULL, RUNTIME_FULL, LINT},
    {"runtime-repositories", "RuntimeRepositories", NULL, RUNTIME_FULL, LINT},
    {"runtime-classpath", "RuntimeClasspath", NULL, RUNTIME_FULL, LINT},
    {"runtime-ivy", "RuntimeIvy", NULL, RUNTIME_FULL, LINT},
    {"runtime-excludes", "RuntimeExcludes", NULL, RUNTIME_FULL, LINT},
    {"runtime-artifact", "RuntimeArtifact", NULL, RUNTIME_FULL, LINT},
    {"suppression-reason", "SuppressionReason", NULL,
     "A '# jarbake: allow RULE -- REASON' comment needs a rule and a "
     "reason after '--'; without them it suppresses nothing.",
     "suppressing-a-finding"},
    {"missing", "MissingJar", "a manifest JAR is not in the image",
     "The image's jars_dir lacks a JAR that the manifest names.", CHECKED},
    {"mismatch", "JarMismatch", "a JAR has other bytes than pinned",
     "A manifest JAR is in the image with another SHA-256 (or size) than "
     "the manifest pins.",
     CHECKED},
    {"unpinned", "UnpinnedJar", "a manifest JAR has no sha256",
     "Nothing can be proved about a JAR without a pin: run 'jarbake "
     "lock'.",
     CHECKED},
    {"stale", "StaleJar", "another version of a manifest JAR is left",
     "A JAR of the same artifact as a manifest JAR, in another version, "
     "is still in jars_dir (left beside the new one after a bump).",
     CHECKED},
    {"incompatible", "IncompatibleJar",
     "a JAR for another Scala or Spark version",
     "A JAR built for another Scala binary version, a Spark module of "
     "another Spark version, or a runtime for another Spark line.",
     CHECKED},
    {"duplicate", "DuplicateJar", "a second copy of a manifest JAR",
     "A manifest JAR is in jars_dir twice, under another name (same "
     "bytes or same group:artifact:version).",
     CHECKED},
    {"invalid", "InvalidJar", "a .jar that is not a readable zip",
     "A file named *.jar in jars_dir is not a readable zip archive.", CHECKED},
    {"base-mismatch", "BaseJarMismatch",
     "a pinned base image JAR has other bytes",
     "A JAR of the base image pinned in base_jars has another SHA-256.",
     "pinning-the-base-images-jars-base_jars"},
    {"base-missing", "BaseJarMissing", "a pinned base image JAR is gone",
     "A JAR of the base image pinned in base_jars is not in jars_dir.",
     "pinning-the-base-images-jars-base_jars"},
    {"unexpected", "UnexpectedJar", "a JAR neither in the manifest nor base",
     "With base_jars pinned, jars_dir holds a JAR that neither the "
     "manifest nor base_jars names.",
     "pinning-the-base-images-jars-base_jars"},
    {"class-conflict", "ClassConflict", "two JARs provide the same classes",
     "Two JARs of jars_dir provide the same class names with different "
     "bytes; which one loads depends on class path order.",
     "class-conflicts---classes"},
    {"jars-dir", "SparkJarsDir", "Spark loads its JARs from another directory",
     "The image's SPARK_HOME makes Spark load the JARs of $SPARK_HOME/jars, "
     "which is not the manifest's jars_dir: the JARs verify checked are not "
     "the JARs Spark runs.",
     CHECKED},
    {"label", "ManifestLabel", "the image's manifest label does not match",
     "The label io.akko.jarbake.manifest-sha256 written by 'jarbake "
     "dockerfile' is not the SHA-256 of the manifest in use.",
     CHECKED},
    {"integrity", "BlobIntegrity", "a blob does not match its digest",
     "A blob of the image (manifest, config or layer) does not hash to the "
     "digest that names it.",
     "integrity"},
    {"unsafe-path", "UnsafePath", "an entry tried to leave the image root",
     "A layer entry's path or link target leads outside the image root; "
     "it was kept inside it.",
     "layers-as-a-container-runtime-applies-them"},
};

static const struct rule_doc generic = {
    NULL, "JarbakeCheck", "a jarbake check failed",
    "A check of jarbake failed; the message says which.", CHECKED};

/* Lint's own summary of a lint rule, else NULL. */
static const char *lint_summary(const char *id)
{
	const struct lint_rule_info *r = lint_rules();

	for (size_t i = 0; i < RULE_COUNT; i++)
		if (!strcmp(r[i].id, id))
			return r[i].summary;
	return NULL;
}

const struct rule_doc *rule_doc_find(const char *id)
{
	static struct rule_doc lint_docs[sizeof(docs) / sizeof(docs[0])];

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (strcmp(docs[i].id, id))
			continue;
		if (docs[i].short_text)
			return &docs[i];
		/* a lint rule: its one-line summary is lint's own */
		if (!lint_docs[i].id) {
			lint_docs[i] = docs[i];
			lint_docs[i].short_text = lint_summary(id);
			if (!lint_docs[i].short_text)
				lint_docs[i].short_text = id;
		}
		return &lint_docs[i];
	}
	return &generic;
}

#define _GNU_SOURCE /* memmem */
#include "lint/rules.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RULES_AVX2 1
#endif

#include "lint/finding.h"

/* The rules: the platform never loads JARs at run time. */
static const struct lint_rule_info rules[RULE_COUNT] = {
    [RULE_JARS] = {"runtime-jars", "JARs loaded at run time"},
    [RULE_PACKAGES] = {"runtime-packages",
		       "Maven packages downloaded at run time"},
    [RULE_REPOSITORIES] = {"runtime-repositories",
			   "repositories for run-time package downloads"},
    [RULE_CLASSPATH] = {"runtime-classpath", "class path extended at run time"},
    [RULE_IVY] = {"runtime-ivy", "Ivy settings for run-time downloads"},
    [RULE_EXCLUDES] = {"runtime-excludes",
		       "exclusions for run-time package downloads"},
    [RULE_ARTIFACT] = {"runtime-artifact",
		       "JAR added by addJar or addArtifact(s)"},
    [RULE_SUPPRESSION] = {"suppression-reason",
			  "suppression comment without a rule or a reason"},
};

/* What each rule's subject does, for messages ("'--jars' loads ..."). */
static const char *const rule_effect[RULE_COUNT] = {
    [RULE_JARS] = "loads JARs at run time",
    [RULE_PACKAGES] = "downloads Maven packages at run time",
    [RULE_REPOSITORIES] = "adds repositories for run-time downloads",
    [RULE_CLASSPATH] = "adds JARs to the class path at run time",
    [RULE_IVY] = "configures Ivy for run-time downloads",
    [RULE_EXCLUDES] = "tunes run-time package downloads",
    [RULE_ARTIFACT] = "loads a JAR at run time",
};

struct key_rule {
	const char *key;
	enum lint_rule rule;
};

/* Spark configuration keys. */
static const struct key_rule spark_keys[] = {
    {"spark.jars", RULE_JARS},
    {"spark.jars.packages", RULE_PACKAGES},
    {"spark.jars.repositories", RULE_REPOSITORIES},
    {"spark.jars.ivy", RULE_IVY},
    {"spark.jars.ivySettings", RULE_IVY},
    {"spark.jars.excludes", RULE_EXCLUDES},
    {"spark.driver.extraClassPath", RULE_CLASSPATH},
    {"spark.executor.extraClassPath", RULE_CLASSPATH},
    {"spark.yarn.dist.jars", RULE_JARS}, /* what --jars sets on YARN */
};

/* Forms a scanner recognised and names (see lint_setting in scan.h). */
static const struct key_rule form_keys[] = {
    /* SparkApplication (Kubeflow Spark operator) spec.deps */
    {"spec.deps.jars", RULE_JARS},
    {"spec.deps.packages", RULE_PACKAGES},
    {"spec.deps.repositories", RULE_REPOSITORIES},
    {"spec.deps.excludePackages", RULE_EXCLUDES},
    /* Livy batches and sessions (JSON) */
    {"livy:jars", RULE_JARS},
    /* keyword arguments: CALLEE.NAME, or QUALIFIER.CALLEE.NAME */
    {"SparkSubmitOperator.jars", RULE_JARS},
    {"SparkSubmitOperator.packages", RULE_PACKAGES},
    {"SparkSubmitOperator.repositories", RULE_REPOSITORIES},
    {"SparkSubmitOperator.exclude_packages", RULE_EXCLUDES},
    {"SparkSubmitOperator.driver_class_path", RULE_CLASSPATH},
    {"SparkSubmitHook.jars", RULE_JARS},
    {"SparkSubmitHook.packages", RULE_PACKAGES},
    {"SparkSubmitHook.repositories", RULE_REPOSITORIES},
    {"SparkSubmitHook.exclude_packages", RULE_EXCLUDES},
    {"SparkSubmitHook.driver_class_path", RULE_CLASSPATH},
    {"SparkJDBCOperator.spark_jars", RULE_JARS},
    {"SparkJDBCHook.spark_jars", RULE_JARS},
    {"LivyOperator.jars", RULE_JARS},
    {"post_batch.jars", RULE_JARS}, /* Airflow's LivyHook */
    {"LivyBatch.create.jars", RULE_JARS},
    {"LivySession.create.jars", RULE_JARS},
    {"livy.submit.jars", RULE_JARS},
    /* SparkContext.addJar, SparkSession.addArtifact(s) of a JAR */
    {"call:addJar", RULE_ARTIFACT},
    {"call:addArtifact", RULE_ARTIFACT},
    {"call:addArtifacts", RULE_ARTIFACT},
    /* SparkConf.setJars, SparkLauncher's class path constants */
    {"call:setJars", RULE_JARS},
    {"findspark.add_packages", RULE_PACKAGES},
    {"findspark.add_jars", RULE_JARS},
    {"SparkLauncher.DRIVER_EXTRA_CLASSPATH", RULE_CLASSPATH},
    {"SparkLauncher.EXECUTOR_EXTRA_CLASSPATH", RULE_CLASSPATH},
    /* Databricks libraries (job, cluster, library resource, bundle) */
    {"libraries.jar", RULE_JARS},
    {"maven.coordinates", RULE_PACKAGES},
    {"maven.repo", RULE_REPOSITORIES},
    {"maven.exclusions", RULE_EXCLUDES},
    /* variables that extend the class path of every Spark process */
    {"SPARK_CLASSPATH", RULE_CLASSPATH},
    {"SPARK_DIST_CLASSPATH", RULE_CLASSPATH},
    {"SPARK_EXTRA_CLASSPATH", RULE_CLASSPATH}, /* apache/spark entrypoint */
    /* AWS Glue job arguments ("--conf": its value's keys, rules_setting) */
    {"--extra-jars", RULE_JARS},
    {"--conf", RULE_JARS},
    /* Dataproc jobs (API, workflow templates, Airflow, Terraform) */
    {"jar_file_uris", RULE_JARS},
    {"jarFileUris", RULE_JARS},
    /* Airflow's older Dataproc operators */
    {"DataprocSubmitPySparkJobOperator.dataproc_jars", RULE_JARS},
    {"DataprocSubmitSparkJobOperator.dataproc_jars", RULE_JARS},
    {"DataprocSubmitSparkSqlJobOperator.dataproc_jars", RULE_JARS},
    {"DataProcPySparkOperator.dataproc_pyspark_jars", RULE_JARS},
    {"DataProcSparkOperator.dataproc_spark_jars", RULE_JARS},
    /* Databricks SDK for Python: compute.Library(jar=...), MavenLibrary */
    {"Library.jar", RULE_JARS},
    {"MavenLibrary.coordinates", RULE_PACKAGES},
    {"MavenLibrary.repo", RULE_REPOSITORIES},
    {"MavenLibrary.exclusions", RULE_EXCLUDES},
};

enum opt_kind { OPT_RULE, OPT_CONF, OPT_JAVA, OPT_VALUE };

/* spark-submit options we look at, and those that take a value. */
static const struct {
	const char *name;
	enum opt_kind kind;
	enum lint_rule rule;
} options[] = {
    {"--jars", OPT_RULE, RULE_JARS},
    {"--packages", OPT_RULE, RULE_PACKAGES},
    {"--repositories", OPT_RULE, RULE_REPOSITORIES},
    {"--exclude-packages", OPT_RULE, RULE_EXCLUDES},
    {"--driver-class-path", OPT_RULE, RULE_CLASSPATH},
    {"--conf", OPT_CONF, 0},
    {"-c", OPT_CONF, 0},
    {"--driver-java-options", OPT_JAVA, 0},
    {"--master", OPT_VALUE, 0},
    {"--remote", OPT_VALUE, 0},
    {"--deploy-mode", OPT_VALUE, 0},
    {"--class", OPT_VALUE, 0},
    {"--name", OPT_VALUE, 0},
    {"--py-files", OPT_VALUE, 0},
    {"--files", OPT_VALUE, 0},
    {"--archives", OPT_VALUE, 0},
    {"--properties-file", OPT_VALUE, 0},
    {"--driver-memory", OPT_VALUE, 0},
    {"--driver-library-path", OPT_VALUE, 0},
    {"--driver-cores", OPT_VALUE, 0},
    {"--executor-memory", OPT_VALUE, 0},
    {"--executor-cores", OPT_VALUE, 0},
    {"--total-executor-cores", OPT_VALUE, 0},
    {"--num-executors", OPT_VALUE, 0},
    {"--proxy-user", OPT_VALUE, 0},
    {"--principal", OPT_VALUE, 0},
    {"--keytab", OPT_VALUE, 0},
    {"--queue", OPT_VALUE, 0},
    {"--kill", OPT_VALUE, 0},
    {"--status", OPT_VALUE, 0},
    {"-e", OPT_VALUE, 0}, /* spark-sql */
    {"-f", OPT_VALUE, 0},
    {"-i", OPT_VALUE, 0},
    {"-d", OPT_VALUE, 0},
    {"--hiveconf", OPT_VALUE, 0},
    {"--hivevar", OPT_VALUE, 0},
    {"--database", OPT_VALUE, 0},
};

static const char *const launchers[] = {
    "spark-submit",
    "pyspark",
    "spark-shell",
    "spark-sql",
    "sparkR",
    "start-connect-server.sh",
    "start-thriftserver.sh",
    /* Cloudera's side-by-side Spark 2 and 3 */
    "spark2-submit",
    "spark3-submit",
    "pyspark2",
    "pyspark3",
    "spark2-shell",
    "spark3-shell",
    "spark3-sql",
};

/* Environment variables whose value spark-submit or its JVM reads, and
 * keys whose value is spark-submit options (EMR Serverless and EMR on
 * EKS job drivers). */
static const struct {
	const char *name;
	bool java; /* -Dspark.key=value options, else spark-submit options */
} envs[] = {
    {"PYSPARK_SUBMIT_ARGS", false},
    {"SPARK_SUBMIT_OPTS", true},
    {"JAVA_TOOL_OPTIONS", true},
    {"JDK_JAVA_OPTIONS", true},
    {"_JAVA_OPTIONS", true},
    {"SPARK_SUBMIT_OPTIONS", false}, /* Zeppelin */
    {"SPARK_OPTS", false},	     /* Jupyter's Toree kernel */
    {"sparkSubmitParameters", false},
    {"SparkSubmitParameters", false}, /* Step Functions */
    {"spark_submit_parameters", false},
    {"javaOptions", true}, /* SparkApplication driver and executor */
};

/* Settings whose value holds the JVM options Spark starts its driver,
 * executors or YARN AM with: only their JAR options count (-javaagent). */
static const char *const jvm_option_keys[] = {
    "spark.driver.extraJavaOptions",	 "spark.executor.extraJavaOptions",
    "spark.yarn.am.extraJavaOptions",	 "spark.driver.defaultJavaOptions",
    "spark.executor.defaultJavaOptions",
};

/* Commands that run the command line given in their arguments. */
static const char *const wrappers[] = {
    "exec",	   "sudo",	     "nohup",	       "time",	     "env",
    "nice",	   "ionice",	     "timeout",	       "stdbuf",     "gosu",
    "su-exec",	   "tini",	     "dumb-init",      "runuser",    "chpst",
    "setpriv",	   "docker",	     "podman",	       "nerdctl",    "kubectl",
    "xargs",	   "command",	     "catatonit",      "caffeinate", "srun",
    "ssh",	   "setsid",	     "poetry",	       "pipenv",     "uv",
    "singularity", "apptainer",	     "mpirun",	       "flock",	     "taskset",
    "eval",	   "docker-compose", "podman-compose",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct lint_rule_info *lint_rules(void)
{
	return rules;
}

static bool span_eq(const char *s, size_t len, const char *lit)
{
	/* the first byte first: most lookups miss */
	return len && *s == *lit && strlen(lit) == len && !memcmp(s, lit, len);
}

/* Does text have lit at [at, at + strlen(lit)), within [0, len)? */
static bool has_at(const char *text, size_t len, size_t at, const char *lit,
		   size_t n)
{
	return at <= len && len - at >= n && !memcmp(text + at, lit, n);
}

/* Is c the first byte of a form key? (Most keys a scanner asks about
 * are not: one lookup instead of a pass over the table.) */
static unsigned char form_firsts[256];

static void build_form_firsts(void)
{
	for (size_t i = 0; i < COUNT(form_keys); i++)
		form_firsts[(unsigned char)form_keys[i].key[0]] = 1;
}

static bool form_first(char c)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT; /* lint's workers */

	pthread_once(&once, build_form_firsts);
	return form_firsts[(unsigned char)c];
}

static const struct key_rule *find_key(const char *key, size_t len)
{
	/* Dataproc cluster properties name their file: "spark:spark.jars" */
	if (len > 12 && !memcmp(key, "spark:spark.", 12)) {
		key += 6;
		len -= 6;
	}
	/* Spark keys start "spark." and are short: reject most text fast */
	if (len >= 10 && len <= 29 && !memcmp(key, "spark.", 6)) {
		for (size_t i = 0; i < COUNT(spark_keys); i++)
			if (span_eq(key, len, spark_keys[i].key))
				return &spark_keys[i];
		return NULL;
	}
	if (len < 6 || len > 56 || !form_first(*key))
		return NULL;
	for (size_t i = 0; i < COUNT(form_keys); i++)
		if (span_eq(key, len, form_keys[i].key))
			return &form_keys[i];
	return NULL;
}

bool rules_is_key(const char *key, size_t len)
{
	return find_key(key, len) != NULL;
}

static int env_index(const char *name, size_t len)
{
	for (size_t i = 0; i < COUNT(envs); i++)
		if (span_eq(name, len, envs[i].name))
			return (int)i;
	return -1;
}

bool rules_is_env(const char *name, size_t len)
{
	return env_index(name, len) >= 0;
}

bool rules_is_launcher(const char *word, size_t len)
{
	const char *b = lint_basename(word, &len);

	if (len > 4 && !memcmp(b + len - 4, ".cmd", 4))
		len -= 4;
	for (size_t i = 0; i < COUNT(launchers); i++)
		if (span_eq(b, len, launchers[i]))
			return true;
	return false;
}

static bool is_word_edge(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
	       c == '\'' || c == ';' || c == '&' || c == '|' || c == '(' ||
	       c == ')' || c == '`' || c == ',' || c == '[' || c == ']';
}

/* The cloud launchers that forward to spark-submit, in text with an
 * option ("--", which most text a scanner asks about has not): gcloud
 * dataproc and dcos spark (only where "spark" is), aws emr|glue,
 * databricks libraries. */
static bool mentions_cloud(const char *text, size_t len, bool spark)
{
	const char *end = text + len, *p;

	if (!memmem(text, len, "--", 2))
		return false;
	if (spark && ((memmem(text, len, "dataproc", 8) &&
		       memmem(text, len, "gcloud", 6)) ||
		      memmem(text, len, "dcos", 4)))
		return true;
	for (p = text; (p = memmem(p, (size_t)(end - p), "aws ", 4)); p += 4)
		if (has_at(text, len, (size_t)(p - text) + 4, "emr", 3) ||
		    has_at(text, len, (size_t)(p - text) + 4, "glue", 4))
			return true;
	return memmem(text, len, "databricks libraries", 20) != NULL;
}

bool rules_mentions_launcher(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	bool spark = false;

	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "spark", 5);
		const char *s;

		if (!hit)
			break;
		spark = true;
		/* back up over "py" of pyspark and over a path */
		s = hit >= text + 2 && !memcmp(hit - 2, "py", 2) ? hit - 2
								 : hit;
		if (s == text || is_word_edge(s[-1]) || s[-1] == '/') {
			const char *e = hit + 5;

			while (e < end && !is_word_edge(*e))
				e++;
			if (rules_is_launcher(s, (size_t)(e - s)))
				return true;
		}
		p = hit + 5;
	}
	if (len > 9 && mentions_cloud(text, len, spark))
		return true;
	/* start-connect-server.sh, start-thriftserver.sh */
	for (p = text; p < end;) {
		const char *hit = memmem(p, (size_t)(end - p), "start-", 6);

		if (!hit)
			break;
		if (has_at(text, len, (size_t)(hit - text),
			   "start-connect-server.sh", 23) ||
		    has_at(text, len, (size_t)(hit - text),
			   "start-thriftserver.sh", 21))
			return true;
		p = hit + 6;
	}
	return false;
}

/* The anchors: which word to look for around each byte. */
static const unsigned char anchor[256] = {
    ['j'] = 1, ['J'] = 1, ['k'] = 2, ['P'] = 3, ['-'] = 4, ['A'] = 5, ['v'] = 6,
};

/* Is one of the words around the anchor byte at i? */
static inline bool word_around(const char *text, size_t len, size_t i)
{
	/* the byte after the anchor rejects most hits before any compare */
	char next = i + 1 < len ? text[i + 1] : '\0';

	switch (anchor[(unsigned char)text[i]]) {
	case 1: /* jar after a non-word byte (--jars, "jar", x.jar), Jars,
		 * addJar: not inside words nor base64 (a notebook's images) */
		if (next != 'a' || !has_at(text, len, i + 2, "r", 1))
			return false;
		if (text[i] == 'j')
			return !i || (!isalnum((unsigned char)text[i - 1]) &&
				      text[i - 1] != '+' && text[i - 1] != '/');
		return has_at(text, len, i + 3, "s", 1) ||
		       (i >= 2 && has_at(text, len, i - 2, "dd", 2));
	case 2: /* ackages: "package" alone is every Java and Scala file */
		return next == 'a' && i >= 2 &&
		       has_at(text, len, i - 2, "ackages", 7);
	case 3: /* lassPath, CLASSPATH */
		if (next == 'A')
			return i >= 5 &&
			       has_at(text, len, i - 5, "CLASSPATH", 9);
		return next == 'a' && i >= 4 &&
		       has_at(text, len, i - 4, "lassPath", 8);
	case 4: /* class-path, --repositor */
		if (next == 'p')
			return i >= 4 &&
			       has_at(text, len, i - 4, "lass-path", 9);
		return next == 'r' && has_at(text, len, i, "-repositor", 10);
	case 5: /* addArtifact */
		return next == 'r' && i >= 2 &&
		       has_at(text, len, i - 2, "ddArtifact", 10);
	case 6: /* a Databricks maven library: coordinates, repo */
		return next == 'e' && i >= 2 &&
		       has_at(text, len, i - 2, "maven", 5);
	default:
		return false;
	}
}

/*
 * The words some rule needs: "jar"/"Jar" (spark.jars, --jars, addJar,
 * --extra-jars, jarFileUris), "ackage" (--packages, excludePackages),
 * "ClassPath"/"class-path", "--repositor", "addArtifact", "maven" (a
 * Databricks library). The prefilter reads every byte of every file of a
 * known format, so it looks for the pairs of bytes that anchor those words
 * (ja Ja ka PA Pa -p -r Ar ve), sixteen positions at a time where SSE2 is
 * there: single anchor bytes hit every few bytes of base64 or a log, pairs
 * a few hundred times less often.
 */
/* The first candidate of a vector step (bit k: a pair at i + k) that is
 * one of the words: true with its offset in *at. */
static inline bool word_in_mask(const char *text, size_t len, size_t i,
				unsigned bits, size_t *at)
{
	for (; bits; bits &= bits - 1) {
		unsigned b = (unsigned)__builtin_ctz(bits);

		if (word_around(text, len, i + b)) {
			*at = i + b;
			return true;
		}
	}
	return false;
}

#ifdef RULES_AVX2
/* The same pairs 32 positions at a time, where the CPU has AVX2: true with
 * the word's offset in *at, else false with where to go on in *at. */
__attribute__((target("avx2"))) static bool
next_word_avx2(const char *text, size_t len, size_t *at)
{
	size_t i = *at;

#define EQ(v, c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c))
	for (; i + 33 <= len; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(text + i));
		__m256i n = _mm256_loadu_si256((const __m256i *)(text + i + 1));
		__m256i P = EQ(v, 'P');
		__m256i m = _mm256_or_si256(
		    _mm256_or_si256(
			_mm256_and_si256(
			    _mm256_or_si256(
				_mm256_or_si256(EQ(v, 'j'), EQ(v, 'J')),
				_mm256_or_si256(EQ(v, 'k'), P)),
			    EQ(n, 'a')),
			_mm256_and_si256(P, EQ(n, 'A'))),
		    _mm256_or_si256(
			_mm256_and_si256(
			    EQ(v, '-'),
			    _mm256_or_si256(EQ(n, 'p'), EQ(n, 'r'))),
			_mm256_or_si256(
			    _mm256_and_si256(EQ(v, 'A'), EQ(n, 'r')),
			    _mm256_and_si256(EQ(v, 'v'), EQ(n, 'e')))));
		if (word_in_mask(text, len, i,
				 (unsigned)_mm256_movemask_epi8(m), at))
			return true;
	}
#undef EQ
	*at = i;
	return false;
}
#endif

size_t rules_next_word(const char *text, size_t len, size_t from)
{
	size_t i = from;

#ifdef RULES_AVX2
	if (__builtin_cpu_supports("avx2") && next_word_avx2(text, len, &i))
		return i;
#endif
#ifdef __SSE2__
#define EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
	for (; i + 17 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(text + i));
		__m128i n = _mm_loadu_si128((const __m128i *)(text + i + 1));
		__m128i P = EQ(v, 'P');
		/* ja Ja ka Pa, PA, -p -r, Ar, ve */
		__m128i m = _mm_or_si128(
		    _mm_or_si128(
			_mm_and_si128(
			    _mm_or_si128(_mm_or_si128(EQ(v, 'j'), EQ(v, 'J')),
					 _mm_or_si128(EQ(v, 'k'), P)),
			    EQ(n, 'a')),
			_mm_and_si128(P, EQ(n, 'A'))),
		    _mm_or_si128(
			_mm_and_si128(EQ(v, '-'),
				      _mm_or_si128(EQ(n, 'p'), EQ(n, 'r'))),
			_mm_or_si128(_mm_and_si128(EQ(v, 'A'), EQ(n, 'r')),
				     _mm_and_si128(EQ(v, 'v'), EQ(n, 'e')))));
		size_t at;

		if (word_in_mask(text, len, i, (unsigned)_mm_movemask_epi8(m),
				 &at))
			return at;
	}
#undef EQ
#endif
	for (; i < len; i++)
		if (anchor[(unsigned char)text[i]] && word_around(text, len, i))
			return i;
	return len;
}

bool rules_worth_scanning(const char *text, size_t len)
{
	return rules_next_word(text, len, 0) < len;
}

static void report(const struct lint_ctx *ctx, unsigned line, unsigned col,
		   enum lint_rule rule, const char *what, size_t what_len)
{
	const char *via = ctx->via;

	if (what_len > 200)
		what_len = 200;
	lint_report(ctx, line, col, rules[rule].id,
		    "'%.*s'%s%s %s; add the JAR to the manifest and rebuild "
		    "the image",
		    (int)what_len, what, via ? " in " : "", via ? via : "",
		    rule_effect[rule]);
}

/* A key with a value (set false when it is empty) at (line, col). */
static bool check_key(const struct lint_ctx *ctx, const char *key, size_t len,
		      bool set, unsigned line, unsigned col)
{
	const struct key_rule *k = find_key(key, len);

	if (!k || !set)
		return false;
	report(ctx, line, col, k->rule, key, len);
	return true;
}

/* JVM options that put a JAR on the class path: an agent's JAR is
 * appended to it, the boot class path prepended or appended. */
static const char *const jvm_jar_options[] = {
    "-javaagent:",
    "-Xbootclasspath/a:",
    "-Xbootclasspath/p:",
};

static void check_jvm_jar_option(const struct lint_ctx *ctx, const char *w,
				 size_t len, unsigned line, unsigned col)
{
	for (size_t i = 0; i < COUNT(jvm_jar_options); i++) {
		size_t n = strlen(jvm_jar_options[i]);

		if (len > n && !memcmp(w, jvm_jar_options[i], n))
			report(ctx, line, col, RULE_CLASSPATH, w, n - 1);
	}
}

/*
 * "-javaagent:x.jar" and (with with_d) "-Dspark.jars=x" options of a
 * JVM command line held in one string that starts at (line, col); it may
 * span lines (a YAML block).
 */
static void check_jvm_options(const struct lint_ctx *ctx, const char *s,
			      size_t len, unsigned line, unsigned col,
			      bool with_d)
{
	size_t i = 0, ls = 0; /* ls: where the current line starts */

	while (i < len) {
		size_t start, end;

		for (; i < len && (s[i] == ' ' || s[i] == '\t' ||
				   s[i] == '\n' || s[i] == '"' || s[i] == '\'');
		     i++) {
			if (s[i] == '\n') {
				line++;
				ls = i + 1;
				col = 1;
			}
		}
		start = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
		       s[i] != '"' && s[i] != '\'')
			i++;
		end = i;
		if (end - start > 2 && s[start] == '-' && s[start + 1] == 'D') {
			if (!with_d)
				continue;
			const char *k = s + start + 2;
			const char *eq = memchr(k, '=', end - start - 2);
			size_t klen = eq ? (size_t)(eq - k) : end - start - 2;
			bool set = eq && eq + 1 < s + end;

			check_key(ctx, k, klen, set, line,
				  col + (unsigned)(start - ls));
		} else if (end - start > 2 && s[start] == '-') {
			check_jvm_jar_option(ctx, s + start, end - start, line,
					     col + (unsigned)(start - ls));
		}
	}
}

static void check_java_options(const struct lint_ctx *ctx, const char *s,
			       size_t len, unsigned line, unsigned col)
{
	check_jvm_options(ctx, s, len, line, col, true);
}

/* A jvm_option_keys setting KEY=VALUE, VALUE at (vline, vcol): true if it
 * is one (and was checked). */
static bool check_jvm_setting(const struct lint_ctx *ctx, const char *key,
			      size_t key_len, const char *value,
			      size_t value_len, unsigned vline, unsigned vcol)
{
	for (size_t i = 0; i < COUNT(jvm_option_keys); i++)
		if (span_eq(key, key_len, jvm_option_keys[i])) {
			struct lint_ctx c = *ctx;

			c.via = jvm_option_keys[i];
			if (value)
				check_jvm_options(&c, value, value_len, vline,
						  vcol, false);
			return true;
		}
	return false;
}

/* NAME=VALUE of an environment variable; VALUE at (vline, vcol). */
static bool check_env(const struct lint_ctx *ctx, const char *name,
		      size_t name_len, const char *value, size_t value_len,
		      unsigned vline, unsigned vcol)
{
	int i = env_index(name, name_len);
	struct lint_ctx c;

	if (i < 0 || !value || !value_len)
		return false;
	if (envs[i].java) {
		c = *ctx;
		c.via = envs[i].name;
		check_java_options(&c, value, value_len, vline, vcol);
		return true;
	}
	/* options in a variable: line breaks separate words, not commands */
	lint_emit_options(ctx, value, value_len, vline, vcol, envs[i].name);
	return true;
}

/* Glue's "--conf" job argument: "spark.a=b --conf spark.c=d", reported
 * at the key. */
static bool check_glue_conf(const struct lint_ctx *ctx,
			    const struct lint_setting *s)
{
	const char *p = s->value, *end = s->value + s->value_len;
	bool any = false;

	while (p < end) {
		const char *e;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		for (e = p; e < end && *e != ' ' && *e != '\t' && *e != '\n';)
			e++;
		if (e > p && !span_eq(p, (size_t)(e - p), "--conf")) {
			const char *eq = memchr(p, '=', (size_t)(e - p));

			if (eq)
				any |= check_key(ctx, p, (size_t)(eq - p),
						 eq + 1 < e, s->line, s->col);
		}
		p = e;
	}
	return any;
}

bool rules_setting(const struct lint_ctx *ctx, const struct lint_setting *s)
{
	const struct key_rule *k;

	if (span_eq(s->key, s->key_len, "--conf"))
		return s->value && check_glue_conf(ctx, s);

	/* a value without a position is the key's only (YAML keys, JSON
	 * members that are not the variable's own value) */
	if (s->vline && check_env(ctx, s->key, s->key_len, s->value,
				  s->value_len, s->vline, s->vcol))
		return false;
	if (s->vline && check_jvm_setting(ctx, s->key, s->key_len, s->value,
					  s->value_len, s->vline, s->vcol))
		return false;
	k = find_key(s->key, s->key_len);
	if (!k || !s->set)
		return false;
	if (s->shown)
		report(ctx, s->line, s->col, k->rule, s->shown, s->shown_len);
	else
		report(ctx, s->line, s->col, k->rule, s->key, s->key_len);
	return true;
}

static bool is_ident(const char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!lint_is_ident_char(s[i]))
			return false;
	return true;
}

/* "NAME=value" with a checked NAME: checks the value; true if it was. */
static bool check_assignment_word(const struct lint_ctx *ctx,
				  const struct lint_word *w)
{
	size_t nlen = lint_env_assignment(ctx, w->s, w->len), shift = nlen + 1;
	const char *eq = memchr(w->s, '=', w->len);

	/* a class path variable: SPARK_CLASSPATH=/x.jar */
	if (!nlen && eq && eq > w->s && eq + 1 < w->s + w->len &&
	    is_ident(w->s, (size_t)(eq - w->s)) &&
	    find_key(w->s, (size_t)(eq - w->s))) {
		report(ctx, w->line, w->col,
		       find_key(w->s, (size_t)(eq - w->s))->rule, w->s,
		       (size_t)(eq - w->s));
		return true;
	}
	if (!nlen)
		return false;
	/* the value's column in the source: after "NAME=" and a quote */
	if (w->src && w->src_len > nlen && !memcmp(w->src, w->s, nlen)) {
		const char *seq = memchr(w->src, '=', w->src_len);

		if (seq) {
			shift = (size_t)(seq - w->src) + 1;
			if (shift < w->src_len &&
			    (w->src[shift] == '"' || w->src[shift] == '\''))
				shift++;
		}
	}
	check_env(ctx, w->s, nlen, w->s + nlen + 1, w->len - nlen - 1, w->line,
		  w->col + (unsigned)shift);
	return true;
}

static int option_index(const char *s, size_t len)
{
	for (size_t i = 0; i < COUNT(options); i++)
		if (span_eq(s, len, options[i].name))
			return (int)i;
	return -1;
}

static void check_conf_value(const struct lint_ctx *ctx, const char *s,
			     size_t len, unsigned line, unsigned col)
{
	const char *eq = memchr(s, '=', len);
	size_t at = eq ? (size_t)(eq + 1 - s) : 0;

	if (!eq)
		return;
	/* --conf spark.driver.extraJavaOptions=-javaagent:x.jar */
	if (check_jvm_setting(ctx, s, at - 1, s + at, len - at, line,
			      col + (unsigned)at))
		return;
	check_key(ctx, s, (size_t)(eq - s), eq + 1 < s + len, line, col);
}

/*
 * Where the value of option word o starts: after '=' ("--jars=x"), after a
 * blank ("--jars x" as one word: a YAML list item, a quoted pair), or 0
 * when the value is the next word.
 */
static size_t option_value_at(const struct lint_word *o, size_t *nlen)
{
	size_t i = 0;

	while (i < o->len && o->s[i] != '=' && o->s[i] != ' ' &&
	       o->s[i] != '\t')
		i++;
	*nlen = i;
	if (i == o->len)
		return 0;
	if (o->s[i] == '=')
		return i + 1;
	while (i < o->len && (o->s[i] == ' ' || o->s[i] == '\t'))
		i++;
	return i;
}

/* Checks the options after a launcher, from word i to the application. */
static void check_options(const struct lint_ctx *ctx, const struct lint_word *w,
			  size_t n, size_t i)
{
	for (; i < n; i++) {
		const struct lint_word *o = &w[i], *v;
		size_t nlen, at;
		int k;

		if (o->op || !o->len || o->s[0] != '-')
			return; /* the application: the rest are its own */
		at = option_value_at(o, &nlen);
		k = option_index(o->s, nlen);
		if (k < 0)
			continue;
		v = !at && i + 1 < n && !w[i + 1].op ? &w[i + 1] : NULL;
		switch (options[k].kind) {
		case OPT_RULE:
			report(ctx, o->line, o->col, options[k].rule, o->s,
			       nlen);
			break;
		case OPT_CONF:
			if (at)
				check_conf_value(ctx, o->s + at, o->len - at,
						 o->line, o->col);
			else if (v)
				check_conf_value(ctx, v->s, v->len, v->line,
						 v->col);
			break;
		case OPT_JAVA:
			if (at)
				check_java_options(ctx, o->s + at, o->len - at,
						   o->line,
						   o->col + (unsigned)at);
			else if (v)
				check_java_options(ctx, v->s, v->len, v->line,
						   v->col +
						       (v->src && v->src_len &&
							(v->src[0] == '"' ||
							 v->src[0] == '\'')));
			break;
		case OPT_VALUE:
			break;
		}
		if (!at)
			i++; /* skip the value */
	}
}

static bool has_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
			return true;
	return false;
}

/* Shell words that may precede a command: "if cond; then CMD; fi". */
static bool is_reserved(const struct lint_word *w)
{
	static const char *const words[] = {"if", "then",  "else",  "elif",
					    "do", "while", "until", "!",
					    "{",  "time"};

	for (size_t j = 0; j < COUNT(words); j++)
		if (span_eq(w->s, w->len, words[j]))
			return true;
	return false;
}

/* A "NAME=value" prefix word, as written (a quoted name is a command). */
static bool is_assignment(const struct lint_word *w)
{
	const char *eq = memchr(w->s, '=', w->len);
	size_t n = eq ? (size_t)(eq - w->s) : 0;

	return n && is_ident(w->s, n) && w->src && w->src_len > n &&
	       !memcmp(w->src, w->s, n) && w->src[n] == '=';
}

static bool is_wrapper(const struct lint_word *w)
{
	size_t blen = w->len;
	const char *b = lint_basename(w->s, &blen);

	for (size_t j = 0; j < COUNT(wrappers); j++)
		if (span_eq(b, blen, wrappers[j]))
			return true;
	return false;
}

static bool word_is(const struct lint_word *w, const char *lit)
{
	return span_eq(w->s, w->len, lit);
}

/* The words of a command line that are scripts themselves: the one after
 * "-c" (sh -c, su -c), the arguments of eval and ssh. */
static void check_script_words(const struct lint_ctx *ctx,
			       const struct lint_word *w, size_t n)
{
	size_t argv0 = 0;

	while (argv0 < n && word_is(&w[argv0], "exec"))
		argv0++;
	for (size_t i = argv0 + 1; i < n && !w[i].op; i++)
		if (word_is(&w[i - 1], "-c") || word_is(&w[argv0], "eval") ||
		    word_is(&w[argv0], "ssh"))
			lint_emit_word_script(ctx, &w[i]);
}

/* ---- cloud launchers that forward to spark-submit ---- */

enum cloud {
	CLOUD_DATAPROC,
	CLOUD_DATAPROC_CLUSTER,
	CLOUD_EMR_STEPS,
	CLOUD_GLUE,
	CLOUD_DATABRICKS_LIBS,
	CLOUD_DCOS,
	CLOUD_HELM
};

/* The command words after the program, in order; options and "beta" or
 * "alpha" may come between them. */
static const struct {
	const char *words[4];
	enum cloud kind;
} clouds[] = {
    {{"gcloud", "dataproc", "jobs", "submit"}, CLOUD_DATAPROC},
    {{"gcloud", "dataproc", "batches", "submit"}, CLOUD_DATAPROC},
    {{"gcloud", "dataproc", "workflow-templates", "add-job"}, CLOUD_DATAPROC},
    {{"gcloud", "dataproc", "clusters", "create"}, CLOUD_DATAPROC_CLUSTER},
    {{"aws", "emr", "add-steps", NULL}, CLOUD_EMR_STEPS},
    {{"aws", "emr", "create-cluster", NULL}, CLOUD_EMR_STEPS},
    {{"aws", "glue", NULL, NULL}, CLOUD_GLUE},
    {{"databricks", "libraries", "install", NULL}, CLOUD_DATABRICKS_LIBS},
    {{"dcos", "spark", "run", NULL}, CLOUD_DCOS},
    {{"helm", "upgrade", NULL, NULL}, CLOUD_HELM},
    {{"helm", "install", NULL, NULL}, CLOUD_HELM},
    {{"helm", "template", NULL, NULL}, CLOUD_HELM},
};

/* Dataproc job types that run Spark. */
static const char *const dataproc_types[] = {"spark", "pyspark", "spark-sql",
					     "spark-r", "sparkr"};

/* The word of w holding a decoded offset: its column when it is written
 * as decoded (plain, or in simple quotes), else the word's start. */
static unsigned col_at(const struct lint_word *w, size_t off)
{
	size_t i = 0, d = 0;
	char q = 0;

	if (!w->src || memchr(w->src, '\n', w->src_len))
		return w->col;
	/* walk the source as the shell decodes it, quotes anywhere in the
	 * word (Name="Spark Program",Args=[...]) included */
	while (i < w->src_len) {
		char ch = w->src[i];
		size_t at = i;

		if (!q && (ch == '"' || ch == '\'')) {
			q = ch;
			i++;
			continue;
		}
		if (q && ch == q) {
			q = 0;
			i++;
			continue;
		}
		if (ch == '\\' && q != '\'' && i + 1 < w->src_len &&
		    (!q || strchr("$`\"\\", w->src[i + 1])))
			i++;
		if (d == off)
			return w->col + (unsigned)at;
		d++;
		i++;
	}
	return w->col + (unsigned)(d == off ? i : 0);
}

/*
 * gcloud's --properties value: KEY=VALUE pairs separated by commas, or by
 * the delimiter of a "^DELIM^" prefix. Starts at offset off of word w.
 */
static void check_properties_value(const struct lint_ctx *ctx,
				   const struct lint_word *w, size_t off)
{
	const char *s = w->s + off, *end = w->s + w->len;
	char delim[8] = ",";
	size_t dlen = 1;

	if (s < end && *s == '^') {
		const char *c = memchr(s + 1, '^', (size_t)(end - s - 1));

		if (c && c - s - 1 > 0 && c - s - 1 < (long)sizeof(delim)) {
			dlen = (size_t)(c - s - 1);
			memcpy(delim, s + 1, dlen);
			s = c + 1;
		}
	}
	while (s < end) {
		const char *e = s;

		while (e < end &&
		       !((size_t)(end - e) >= dlen && !memcmp(e, delim, dlen)))
			e++;
		check_conf_value(ctx, s, (size_t)(e - s), w->line,
				 col_at(w, (size_t)(s - w->s)));
		s = e < end ? e + dlen : end;
	}
}

/* gcloud dataproc jobs|batches submit TYPE ...: --jars, --properties;
 * after "--" the job's own arguments. A cluster (spark set) has only
 * properties: "spark:spark.jars.packages=..." goes to spark-defaults. */
static void check_dataproc(const struct lint_ctx *ctx,
			   const struct lint_word *w, size_t n, size_t i,
			   bool spark)
{
	bool cluster = spark;

	for (; i < n && !w[i].op; i++) {
		const struct lint_word *o = &w[i];
		size_t nlen, at;

		if (word_is(o, "--"))
			return;
		if (!o->len || o->s[0] != '-') {
			for (size_t t = 0; !spark && t < COUNT(dataproc_types);
			     t++)
				spark = word_is(o, dataproc_types[t]);
			continue;
		}
		if (!spark)
			continue;
		at = option_value_at(o, &nlen);
		if (span_eq(o->s, nlen, "--jars") && !cluster) {
			report(ctx, o->line, o->col, RULE_JARS, o->s, nlen);
		} else if (span_eq(o->s, nlen, "--properties")) {
			if (at) {
				check_properties_value(ctx, o, at);
				continue;
			}
			/* the value, or pairs spliced from a bash array */
			while (i + 1 < n && !w[i + 1].op && w[i + 1].len &&
			       w[i + 1].s[0] != '-' &&
			       memchr(w[i + 1].s, '=', w[i + 1].len))
				check_properties_value(ctx, &w[++i], 0);
		}
	}
}

/*
 * One shorthand step of aws emr add-steps / create-cluster --steps:
 * Type=Spark,Name=...,Args=[--jars,s3://x.jar,...] in word w. Args of a
 * Spark step are spark-submit's options; of a CUSTOM_JAR step, a command
 * line (command-runner.jar spark-submit ...).
 */
static void check_emr_step(const struct lint_ctx *ctx,
			   const struct lint_word *w)
{
	const char *s = w->s, *end = w->s + w->len, *args, *close;
	struct lint_word items[64];
	size_t n = 0;
	bool spark = false;

	for (const char *p = s; p + 10 <= end; p++)
		if ((p == s || p[-1] == ',') && !strncmp(p, "Type=", 5) &&
		    (p[5] == 'S' || p[5] == 's') && !strncmp(p + 6, "park", 4))
			spark = true;
	args = s;
	while (args + 6 <= end && strncmp(args, "Args=[", 6))
		args++;
	if (args + 6 > end)
		return;
	args += 6;
	close = memchr(args, ']', (size_t)(end - args));
	if (!close)
		close = end;
	while (args < close && n < COUNT(items)) {
		const char *e = memchr(args, ',', (size_t)(close - args));

		if (!e)
			e = close;
		memset(&items[n], 0, sizeof(items[n]));
		items[n].s = args;
		items[n].len = (size_t)(e - args);
		items[n].line = w->line;
		items[n].col = col_at(w, (size_t)(args - w->s));
		n++;
		args = e < close ? e + 1 : close;
	}
	if (spark)
		check_options(ctx, items, n, 0);
	else
		rules_argv(ctx, items, n, LINT_ARGV_COMMAND);
}

static void check_emr_steps(const struct lint_ctx *ctx,
			    const struct lint_word *w, size_t n, size_t i)
{
	for (; i < n && !w[i].op; i++) {
		if (!word_is(&w[i], "--steps"))
			continue;
		while (i + 1 < n && !w[i + 1].op && w[i + 1].len &&
		       w[i + 1].s[0] != '-')
			check_emr_step(ctx, &w[++i]);
	}
}

/* The shorthand --arguments --conf=spark.x=v,--other=... of aws glue. */
static void check_glue_conf_shorthand(const struct lint_ctx *ctx,
				      const struct lint_word *w)
{
	const char *end = w->s + w->len, *p = w->s;

	if (w->len && w->s[0] == '{')
		return; /* JSON: a document of its own */
	while ((p = memmem(p, (size_t)(end - p), "--conf=", 7))) {
		const char *k = p + 7, *e = k;
		const struct key_rule *r;

		while (e < end && *e != '=' && *e != ',')
			e++;
		r = find_key(k, (size_t)(e - k));
		if (r && (p == w->s || p[-1] == ',') && e < end && *e == '=' &&
		    e + 1 < end && e[1] != ',')
			report(ctx, w->line, col_at(w, (size_t)(k - w->s)),
			       r->rule, k, (size_t)(e - k));
		p = e;
	}
}

/* aws glue create-job|update-job|start-job-run: --extra-jars in the
 * shorthand of --default-arguments or --arguments (JSON values are
 * documents of their own). */
static void check_glue(const struct lint_ctx *ctx, const struct lint_word *w,
		       size_t n, size_t i)
{
	for (; i < n && !w[i].op; i++) {
		const char *hit =
		    w[i].len >= 12 && w[i].s[0] != '{'
			? memmem(w[i].s, w[i].len, "--extra-jars", 12)
			: NULL;

		if (hit && (hit == w[i].s || hit[-1] == ',' || hit[-1] == '"'))
			report(ctx, w[i].line,
			       col_at(&w[i], (size_t)(hit - w[i].s)), RULE_JARS,
			       hit, 12);
		check_glue_conf_shorthand(ctx, &w[i]);
	}
}

/* databricks libraries install (the legacy CLI): a library's options. */
static void check_databricks_libs(const struct lint_ctx *ctx,
				  const struct lint_word *w, size_t n, size_t i)
{
	static const struct key_rule opts[] = {
	    {"--jar", RULE_JARS},
	    {"--maven-coordinates", RULE_PACKAGES},
	    {"--maven-repo", RULE_REPOSITORIES},
	    {"--maven-exclusion", RULE_EXCLUDES},
	};

	for (; i < n && !w[i].op; i++) {
		const char *eq = memchr(w[i].s, '=', w[i].len);
		size_t len = eq ? (size_t)(eq - w[i].s) : w[i].len;

		for (size_t k = 0; k < COUNT(opts); k++)
			if (span_eq(w[i].s, len, opts[k].key) &&
			    (eq ? eq + 1 < w[i].s + w[i].len
				: i + 1 < n && !w[i + 1].op && w[i + 1].len))
				report(ctx, w[i].line, w[i].col, opts[k].rule,
				       w[i].s, len);
	}
}

/* dcos spark run --submit-args="...": spark-submit's options. */
static void check_dcos(const struct lint_ctx *ctx, const struct lint_word *w,
		       size_t n, size_t i)
{
	for (; i < n && !w[i].op; i++) {
		const struct lint_word *v = &w[i];
		size_t off = 0;

		if (word_is(&w[i], "--submit-args") && i + 1 < n &&
		    !w[i + 1].op)
			v = &w[++i];
		else if (w[i].len > 14 && !memcmp(w[i].s, "--submit-args=", 14))
			off = 14;
		else
			continue;
		lint_emit_options(ctx, v->s + off, v->len - off, v->line,
				  col_at(v, off), "--submit-args");
	}
}

/* helm install|upgrade|template --set 'sparkConf.spark\.jars=x,...':
 * each value whose path names a Spark key. */
static void check_helm(const struct lint_ctx *ctx, const struct lint_word *w,
		       size_t n, size_t i)
{
	for (; i < n && !w[i].op; i++) {
		const struct lint_word *v = &w[i];
		const char *p, *end;
		size_t off = 0;

		if ((word_is(v, "--set") || word_is(v, "--set-string")) &&
		    i + 1 < n && !w[i + 1].op)
			v = &w[++i];
		else if (v->len > 6 && !memcmp(v->s, "--set=", 6))
			off = 6;
		else if (v->len > 13 && !memcmp(v->s, "--set-string=", 13))
			off = 13;
		else
			continue;
		for (p = v->s + off, end = v->s + v->len; p < end;) {
			const char *e = p, *eq;
			char key[64];
			size_t kl;
			const struct key_rule *r;

			while (e < end && !(*e == ',' && e[-1] != '\\'))
				e++;
			eq = memchr(p, '=', (size_t)(e - p));
			kl = eq ? lint_helm_key(p, (size_t)(eq - p), key,
						sizeof(key))
				: 0;
			r = kl ? find_key(key, kl) : NULL;
			if (r && eq + 1 < e)
				report(ctx, v->line,
				       col_at(v, (size_t)(p - v->s)), r->rule,
				       key, kl);
			p = e + 1;
		}
	}
}

/* When w[i] starts a cloud launcher, judges it and returns true. */
static bool check_cloud(const struct lint_ctx *ctx, const struct lint_word *w,
			size_t n, size_t i)
{
	size_t blen = w[i].len;
	const char *b = lint_basename(w[i].s, &blen);

	for (size_t c = 0; c < COUNT(clouds); c++) {
		size_t j = i + 1, k = 1;

		if (!span_eq(b, blen, clouds[c].words[0]))
			continue;
		for (; k < 4 && clouds[c].words[k] && j < n && !w[j].op; j++) {
			if (word_is(&w[j], clouds[c].words[k]))
				k++;
			else if (!word_is(&w[j], "beta") &&
				 !word_is(&w[j], "alpha") &&
				 !(w[j].len && w[j].s[0] == '-'))
				break;
		}
		if (k < 4 && clouds[c].words[k])
			continue;
		switch (clouds[c].kind) {
		case CLOUD_DATAPROC:
			check_dataproc(ctx, w, n, j, false);
			break;
		case CLOUD_DATAPROC_CLUSTER:
			check_dataproc(ctx, w, n, j, true);
			break;
		case CLOUD_EMR_STEPS:
			check_emr_steps(ctx, w, n, j);
			break;
		case CLOUD_GLUE:
			check_glue(ctx, w, n, j);
			break;
		case CLOUD_DATABRICKS_LIBS:
			check_databricks_libs(ctx, w, n, j);
			break;
		case CLOUD_DCOS:
			check_dcos(ctx, w, n, j);
			break;
		case CLOUD_HELM:
			check_helm(ctx, w, n, j);
			break;
		}
		return true;
	}
	return false;
}

/* alias NAME='command line'...: each command line is a script. */
static void check_aliases(const struct lint_ctx *ctx, const struct lint_word *w,
			  size_t n)
{
	for (size_t i = 0; i < n && !w[i].op; i++) {
		const char *eq = memchr(w[i].s, '=', w[i].len);
		size_t skip = eq ? (size_t)(eq - w[i].s) + 1 : 0;
		struct lint_word v = w[i];

		if (!eq || !w[i].src || w[i].src_len < skip ||
		    memcmp(w[i].src, w[i].s, skip))
			continue;
		v.s += skip;
		v.len -= skip;
		v.src += skip;
		v.src_len -= skip;
		v.col += (unsigned)skip;
		lint_emit_word_script(ctx, &v);
	}
}

static void check_command(const struct lint_ctx *ctx, const struct lint_word *w,
			  size_t n)
{
	size_t argv0 = n;
	bool wrapped = false;

	/*
	 * The launcher runs when it is the command (after VAR=value words)
	 * or follows a wrapper (exec, sudo, env, docker run ... IMAGE, "--"),
	 * not when prose or another tool mentions it.
	 */
	for (size_t i = 0; i < n; i++) {
		if (w[i].op)
			break;
		if (check_assignment_word(ctx, &w[i]))
			continue;
		if (argv0 == n && (is_reserved(&w[i]) || is_assignment(&w[i])))
			continue;
		/* the keyword's option: time -p */
		if (argv0 == n && i &&
		    span_eq(w[i - 1].s, w[i - 1].len, "time") &&
		    span_eq(w[i].s, w[i].len, "-p"))
			continue;
		if (argv0 == n) {
			argv0 = i;
			wrapped = is_wrapper(&w[i]);
			if (span_eq(w[i].s, w[i].len, "alias")) {
				check_aliases(ctx, w + i + 1, n - i - 1);
				return;
			}
		}
		if ((i == argv0 || wrapped) && check_cloud(ctx, w, n, i))
			return;
		if (has_space(w[i].s, w[i].len) ||
		    !rules_is_launcher(w[i].s, w[i].len))
			continue;
		if (i == argv0 || wrapped ||
		    (w[i - 1].len == 2 && !memcmp(w[i - 1].s, "--", 2))) {
			check_options(ctx, w, n, i + 1);
			return;
		}
	}
}

void rules_argv(const struct lint_ctx *ctx, const struct lint_word *w, size_t n,
		unsigned flags)
{
	if (n > LINT_MAX_WORDS) {
		lint_emit_cap(ctx, w[LINT_MAX_WORDS].line,
			      "a command line of more than 4096 words");
		n = LINT_MAX_WORDS;
	}
	if (flags & LINT_ARGV_SPARK) {
		check_options(ctx, w, n, 0);
		return;
	}
	check_command(ctx, w, n);
	check_script_words(ctx, w, n);
}

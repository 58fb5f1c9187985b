#ifndef JARBAKE_VERIFY_CONF_H
#define JARBAKE_VERIFY_CONF_H

#include <stddef.h>

#include "core/error.h"
#include "verify/classref.h"

/*
 * Spark settings (KEY=VALUE with a position) from what configures a job:
 * a configuration file, an environment assignment, a command line. Feeds
 * classref_check(); the strings handed to fn live only during the call.
 */
typedef void (*conf_setting_fn)(void *arg, const struct classref_setting *s);

/*
 * The settings of a configuration file's text (display names it; its
 * format is recognised from the name and content as lint does). -1 (e
 * set) when it is not text.
 */
int conf_text_settings(const char *display, const char *text, size_t len,
		       conf_setting_fn fn, void *arg, struct error *e);

/*
 * The settings an environment assignment "NAME=value" carries:
 * -Dspark.KEY=VALUE in SPARK_SUBMIT_OPTS, JAVA_TOOL_OPTIONS,
 * JDK_JAVA_OPTIONS, _JAVA_OPTIONS, SPARK_*_OPTS; --conf KEY=VALUE in
 * PYSPARK_SUBMIT_ARGS. origin names it in findings.
 */
void conf_env_settings(const char *origin, const char *assignment,
		       conf_setting_fn fn, void *arg);

/* The settings of a command line: --conf KEY=VALUE, --conf=KEY=VALUE,
 * -c KEY=VALUE, -Dspark.KEY=VALUE. */
void conf_argv_settings(const char *origin, char *const *argv, size_t argc,
			conf_setting_fn fn, void *arg);

#endif

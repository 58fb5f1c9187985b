/* Lint: the scanners of templates (Jinja, Go templates), Terraform/HCL and
 * justfiles, on their edge cases. Each expectation lists every finding as
 * "line:col rule". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lint_result.h"

#define lint lint_result

#define J "runtime-jars"
#define P "runtime-packages"
#define R "runtime-repositories"
#define X "runtime-excludes"
#define C "runtime-classpath"

static void test_jinja_properties(void **state)
{
	(void)state;
	/* a value from an expression is set; a comment or nothing is not */
	assert_string_equal(
	    lint("conf/spark-defaults.conf.j2",
		 "{% if pkgs %}\n"
		 "spark.jars.packages {{ pkgs | join(',') }}\n"
		 "{% endif %}\n"
		 "spark.jars {# unset #}\n"
		 "{# spark.jars.repositories x #}\n"
		 "{{ key }} {{ value }}\n"
		 "  spark.driver.extraClassPath   {{ home }}/x/*\n"),
	    "2:1 " P " 7:3 " C);
	/* an action spread over lines keeps the lines after it in place */
	assert_string_equal(lint("spark-defaults.conf.jinja",
				 "{{ a\n  | default('b') }}\nspark.jars x\n"),
			    "3:1 " J);
	/* an action that does not close blanks the rest of its line only */
	assert_string_equal(lint("spark-defaults.conf.j2",
				 "spark.master {{ oops\nspark.jars.ivy /i\n"),
			    "2:1 runtime-ivy");
	/* rendered prose is not read */
	assert_string_equal(
	    lint("README.md.j2", "spark-submit --packages a:b:1 app.py\n"), "");
}

static void test_templated_yaml(void **state)
{
	(void)state;
	/* Helm: actions alone on a line are blanks, or the value of the key
	 * above them when indented under it */
	assert_string_equal(lint("chart/templates/app.yaml",
				 "spec:\n"
				 "  {{- with .Values.deps }}\n"
				 "  deps:\n"
				 "    packages:\n"
				 "      {{- toYaml .packages | nindent 6 }}\n"
				 "    jars: {{ .jars | quote }}\n"
				 "  {{- end }}\n"
				 "  labels:\n"
				 "  {{- include \"labels\" . | nindent 2 }}\n"
				 "  sparkConf:\n"
				 "    spark.jars.excludes: \"{{ .x }}\"\n"),
			    "4:5 " P " 6:5 " J " 11:5 " X);
	/* ... the same under kind: SparkApplication */
	assert_string_equal(lint("chart/templates/app.yaml",
				 "kind: SparkApplication\n"
				 "spec:\n"
				 "  deps:\n"
				 "    packages:\n"
				 "      {{- toYaml .packages | nindent 6 }}\n"
				 "    jars: {{ .jars | quote }}\n"),
			    "4:5 " P " 6:5 " J);
	/* Go template comments, and a plain YAML file with template syntax */
	assert_string_equal(lint("values.yaml",
				 "{{/* spark.jars: x */}}\n"
				 "spark.jars.packages: {{ .Values.p }}\n"),
			    "2:1 " P);
	/* each define is a template of its own: a map in one, a list in
	 * another, which together are no YAML */
	assert_string_equal(lint("chart/templates/_helpers.tpl",
				 "{{- define \"labels\" -}}\n"
				 "app: x\n"
				 "{{- end }}\n"
				 "{{- define \"args\" -}}\n"
				 "{{- if .x }}\n"
				 "- --master\n- yarn\n{{- end }}\n- --conf\n"
				 "- spark.jars.ivy=/tmp/ivy\n"
				 "{{- end }}\n"),
			    "10:3 runtime-ivy");
	/* a .tpl with no format in its name is YAML */
	assert_string_equal(lint("_helpers.tpl",
				 "{{- define \"conf\" -}}\n"
				 "spark.jars.repositories: https://r\n"
				 "{{- end }}\n"),
			    "2:1 " R);
}

static void test_templated_json(void **state)
{
	(void)state;
	/* placeholders outside strings keep the JSON valid */
	assert_string_equal(lint("job.json.tmpl",
				 "{\"n\": {{ .N }}, \"conf\": "
				 "{\"spark.jars\": \"{{ .J }}\"}}\n"),
			    "1:26 " J);
}

static void test_hcl_settings(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("main.tf",
		 "resource \"databricks_job\" \"j\" {\n"
		 "  new_cluster {\n"
		 "    spark_conf = {\n"
		 "      \"spark.jars\" = \"\"\n"
		 "      \"spark.jars.packages\" = null\n"
		 "      \"spark.jars.ivy\" : var.ivy,\n"
		 "      \"spark.jars.excludes\" = \"${var.a == \"\" ? \"x\" "
		 ": \"y\"}\"\n"
		 "    }\n"
		 "  }\n"
		 "}\n"),
	    "6:7 runtime-ivy 7:7 " X);
	/* comments of every kind, strings holding comment markers */
	assert_string_equal(lint("main.tf",
				 "# \"spark.jars\" = \"a\"\n"
				 "// \"spark.jars\" = \"a\"\n"
				 "/* \"spark.jars\" = \"a\"\n"
				 "   more */ x = {\n"
				 "  \"spark.jars\" = \"# not a comment\"\n"
				 "}\n"),
			    "5:3 " J);
}

static void test_hcl_libraries(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("lib.tf",
		 "resource \"databricks_library\" \"l\" {\n"
		 "  cluster_id = var.id\n"
		 "  jar        = each.value\n"
		 "}\n"
		 "resource \"aws_emr_cluster\" \"c\" {\n"
		 "  step {\n"
		 "    hadoop_jar_step {\n"
		 "      jar  = \"command-runner.jar\"\n"
		 "      args = [\"spark-submit\", \"--packages\", \"a:b:1\", "
		 "\"app.py\", \"--jars\", \"x\"]\n"
		 "    }\n"
		 "  }\n"
		 "}\n"
		 "x = { library = { maven = { coordinates = \"a:b:1\", "
		 "exclusions = [] } } }\n"),
	    "3:3 " J " 9:31 " P " 13:29 " P);
}

static void test_hcl_heredocs(void **state)
{
	(void)state;
	/* JSON, a script, and an unterminated heredoc running to the end */
	assert_string_equal(lint("emr.tf",
				 "a = <<EOF\n"
				 "{\"Properties\": {\"spark.jars\": \"x\"}}\n"
				 "EOF\n"
				 "b = <<-EOT\n"
				 "    spark-submit --jars x.jar app.py\n"
				 "  EOT\n"
				 "c = <<EOF\n"
				 "spark-submit --packages a:b:1 app.py\n"),
			    "2:17 " J " 5:18 " J " 8:14 " P);
}

static void test_justfile(void **state)
{
	(void)state;
	assert_string_equal(lint("justfile",
				 "pkgs := \"--packages a:b:1\"\n"
				 "set shell := [\"bash\", \"-c\"]\n"
				 "\n"
				 "run arg=\"x\": build\n"
				 "    -spark-submit \\\n"
				 "      --jars {{arg}} app.py\n"
				 "\n"
				 "    @pyspark --packages {{pkgs}}\n"
				 "[private]\n"
				 "build:\n"
				 "    echo \"spark-submit --jars x.jar\"\n"),
			    /* the variable holds options: read where written */
			    "1:10 " P " 6:7 " J " 8:14 " P);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jinja_properties),
	    cmocka_unit_test(test_templated_yaml),
	    cmocka_unit_test(test_templated_json),
	    cmocka_unit_test(test_hcl_settings),
	    cmocka_unit_test(test_hcl_libraries),
	    cmocka_unit_test(test_hcl_heredocs),
	    cmocka_unit_test(test_justfile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Lint: the reading classes of real-world files (issue 12): cloud
 * launchers, here-documents, Python beyond one literal, shell forms, YAML
 * shapes, precision. Each expectation lists every "line:col rule". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lint/lint.h"

static char result[4096];

/* Lints text as if it were the file name; returns "line:col rule ..." */
static const char *lint(const char *name, const char *text)
{
	struct findings f = FINDINGS_INIT;
	struct error e = ERROR_INIT;
	size_t n = 0;

	result[0] = '\0';
	assert_int_equal(lint_buffer(name, text, strlen(text), &f, &e), 0);
	findings_sort(&f);
	for (size_t i = 0; i < f.nr; i++)
		n += (size_t)snprintf(
		    result + n, sizeof(result) - n, "%s%u:%u %s", i ? " " : "",
		    f.items[i].line, f.items[i].column, f.items[i].rule);
	findings_release(&f);
	return result;
}

#define J "runtime-jars"
#define P "runtime-packages"
#define R "runtime-repositories"
#define C "runtime-classpath"

static void test_gcloud(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("s.sh",
		 "gcloud dataproc jobs submit pyspark gs://b/main.py \\\n"
		 "  --cluster=c --region=r --jars=gs://b/x.jar \\\n"
		 "  --properties spark.jars.packages=a:b:1,"
		 "spark.executor.memory=4g \\\n"
		 "  -- --jars not-ours\n"),
	    "2:26 " J " 3:16 " P);
	assert_string_equal(
	    lint("s.sh",
		 "gcloud beta dataproc batches submit spark "
		 "--properties=^#^spark.jars.repositories=https://r#"
		 "spark.jars.packages=a:b:1,c:d:2 --jar=gs://app.jar\n"),
	    "1:59 " R " 1:93 " P);
	/* not Spark jobs, other gcloud commands, the application's args */
	assert_string_equal(
	    lint("s.sh",
		 "gcloud dataproc jobs submit hive --jars=gs://udf.jar\n"
		 "gcloud storage cp x.jar gs://b/jars/\n"
		 "gcloud dataproc jobs submit spark --jar=gs://app.jar"
		 " -- --packages x\n"),
	    "");
}

static void test_emr(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("s.sh",
		 "aws emr add-steps --cluster-id j-1 --steps "
		 "Type=Spark,Name=job,ActionOnFailure=CONTINUE,"
		 "Args=[--deploy-mode,cluster,--jars,s3://b/x.jar,"
		 "s3://b/app.py,--packages,mine]\n"
		 "aws emr create-cluster --release-label emr-7.0.0 --steps "
		 "'Type=CUSTOM_JAR,Jar=command-runner.jar,"
		 "Args=[spark-submit,--packages,a:b:1,s3://b/app.py]'\n"),
	    "1:117 " J " 2:117 " P);
	assert_string_equal(
	    lint("steps.json",
		 "[{\"Type\": \"Spark\", \"Name\": \"x\",\n"
		 "  \"Args\": [\"--jars\", \"s3://b/x.jar\", "
		 "\"s3://b/app.py\"]},\n"
		 " {\"HadoopJarStep\": {\"Jar\": \"command-runner.jar\",\n"
		 "  \"Args\": [\"spark-submit\", \"--packages\", "
		 "\"a:b:1\"]}}]\n"),
	    "2:12 " J " 4:28 " P);
}

static void test_emr_serverless_and_glue(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("run.sh",
		 "aws emr-serverless start-job-run --application-id a \\\n"
		 "  --job-driver '{\"sparkSubmit\": {\"entryPoint\": "
		 "\"s3://b/app.py\", \"sparkSubmitParameters\": \"--conf "
		 "spark.executor.cores=2 --jars s3://b/x.jar\"}}'\n"),
	    "2:121 " J);
	assert_string_equal(lint("job.json",
				 "{\"jobDriver\": {\"sparkSubmitJobDriver\": {"
				 "\"sparkSubmitParameters\": \"--conf "
				 "spark.jars.packages=a:b:1\"}}}\n"),
			    "1:74 " P);
	assert_string_equal(
	    lint("glue.sh", "aws glue create-job --name j --default-arguments "
			    "'{\"--extra-jars\": \"s3://b/x.jar\", \"--conf\": "
			    "\"spark.jars.packages=a:b:1\"}'\n"
			    "aws glue start-job-run --job-name j --arguments "
			    "--extra-jars=s3://b/y.jar\n"),
	    "1:52 " J " 1:84 " P " 2:49 " J);
	assert_string_equal(
	    lint("glue.py", "glue.create_job(Name='j', DefaultArguments={\n"
			    "    '--extra-jars': 's3://b/x.jar',\n"
			    "    '--extra-py-files': 's3://b/x.zip'})\n"),
	    "2:5 " J);
}

static void test_livy_and_airflow(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("dag.py",
		 "batch = LivyBatch.create(url, file='s3://app.py',\n"
		 "                         jars=['s3://x.jar'])\n"
		 "s = LivySession.create(url, kind=SessionKind.PYSPARK)\n"
		 "LivyOperator(task_id='t', file='app.py', jars=['x.jar'])\n"
		 "livy.submit(code, jars=None)\n"
		 "DataprocSubmitJobOperator(job={'pyspark_job': {\n"
		 "    'main_python_file_uri': 'gs://m.py',\n"
		 "    'jar_file_uris': ['gs://x.jar']}})\n"),
	    "2:26 " J " 4:42 " J " 8:5 " J);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gcloud),
	    cmocka_unit_test(test_emr),
	    cmocka_unit_test(test_emr_serverless_and_glue),
	    cmocka_unit_test(test_livy_and_airflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

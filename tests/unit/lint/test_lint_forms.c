/* Lint: the reading classes of real-world files (issue 12): cloud
 * launchers, here-documents, Python beyond one literal, shell forms, YAML
 * shapes, precision. Each expectation lists every "line:col rule". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lint_result.h"

#include <stdio.h>
#include <string.h>

#include "lint/lint.h"

/* Lints text as if it were the file name; returns "line:col rule ..." */
static const char *lint(const char *name, const char *text)
{
	return lint_result(name, text);
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
	/* cluster properties name their file; workflow-template jobs */
	assert_string_equal(
	    lint("s.sh",
		 "gcloud dataproc clusters create c --region r \\\n"
		 "  --properties 'spark:spark.jars.packages=a:b:1,"
		 "yarn:yarn.x=1,spark:spark.executor.memory=4g'\n"
		 "gcloud dataproc workflow-templates add-job pyspark m.py "
		 "--step-id s --workflow-template t --jars gs://x.jar\n"),
	    "2:17 " P " 3:91 " J);
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

static void test_heredoc_targets(void **state)
{
	(void)state;
	/* a variable assigned in the script, its name, a path holding
	 * spark-defaults, tee -a, a pipe into kubectl apply */
	assert_string_equal(
	    lint("s.sh",
		 "SPARK_CONF=$SPARK_HOME/conf/spark-defaults.conf\n"
		 "cat <<EOF >> \"$SPARK_CONF\"\n"
		 "spark.jars.packages a:b:1\n"
		 "EOF\n"
		 "cat > \"${SPARK_HOME}/conf/spark-defaults.conf\" <<'EOF'\n"
		 "spark.jars /x.jar\n"
		 "EOF\n"
		 "tee -a $EXTRA_CONF <<EOF\n"
		 "spark.driver.extraClassPath /x.jar\n"
		 "EOF\n"
		 "cat <<EOF | kubectl apply -f -\n"
		 "apiVersion: v1\nkind: ConfigMap\ndata:\n"
		 "  x: y\nspec:\n  sparkConf:\n"
		 "    spark:\n      jars:\n        packages: a:b:1\n"
		 "EOF\n"),
	    "3:1 " P " 6:1 " J " 9:1 " C " 20:9 " P);
	/* no target: by content; usage text is never read as a script */
	assert_string_equal(
	    lint("s.sh",
		 "cat <<EOF\nUsage: spark-submit --jars J app.py\n"
		 "EOF\n"
		 "cat <<EOF >/tmp/notes.txt\nrun spark-submit --jars x\n"
		 "EOF\n"
		 "cat <<EOF > \"$OUT\"\nspark.jars.packages a:b:1\nEOF\n"
		 "cat > run.sh <<EOF\nspark-submit --packages p a.py\n"
		 "EOF\n"),
	    "8:1 " P " 11:14 " P);
	/* echo into a properties file */
	assert_string_equal(
	    lint("s.sh",
		 "echo 'spark.jars.packages a:b:1' >> $SPARK_CONF_FILE\n"
		 "echo \"spark-submit --jars x.jar\"\n"),
	    "1:7 " P);
}

static void test_shell_forms(void **state)
{
	(void)state;
	/* an array holding the launcher, over several lines */
	assert_string_equal(lint("s.sh",
				 "CMD=(\"$SPARK_HOME/bin/spark-submit\"\n"
				 "  --master k8s://x\n"
				 "  --conf spark.driver.extraClassPath=/x.jar\n"
				 "  app.py)\n"
				 "\"${CMD[@]}\"\n"),
			    "3:10 " C);
	/* options in a variable and in an array, appended to */
	assert_string_equal(
	    lint("s.sh", "PKGS=\"--packages a:b:1\"\n"
			 "ARGS=(--master yarn)\n"
			 "ARGS+=(--jars /x.jar)\n"
			 "spark-submit $PKGS \"${ARGS[@]}\" app.py\n"
			 "spark-submit ${ARGS[@]} app.py --other $PKGS\n"),
	    "1:7 " P " 3:8 " J);
	/* gcloud --properties joined from an array */
	assert_string_equal(
	    lint("s.sh", "PROPS=(spark.jars.packages=a:b:1 spark.x=y)\n"
			 "gcloud dataproc jobs submit pyspark m.py \\\n"
			 "  --properties=\"$(IFS=,; echo \"${PROPS[*]}\")\"\n"),
	    "1:8 " P);
	/* command substitution and backticks */
	assert_string_equal(lint("s.sh",
				 "OUT=$(spark-submit --jars x.jar app.py)\n"
				 "echo `pyspark --packages p`\n"
				 "x=\"$(echo spark-submit --jars y)\"\n"),
			    "1:20 " J " 2:15 " P);
	/* wrappers */
	assert_string_equal(
	    lint("s.sh", "srun -N 2 singularity exec $IMG spark-submit "
			 "--jars a.jar x.py\n"
			 "docker exec -it c spark-submit --packages p x.py\n"
			 "kubectl exec pod -- spark-submit --jars b.jar x.py\n"
			 "ssh host spark-submit --repositories r x.py\n"
			 "nohup spark-submit --jars c.jar x.py &\n"
			 "time spark-submit --jars d.jar x.py\n"),
	    "1:46 " J " 2:32 " P " 3:34 " J " 4:23 " R " 5:20 " J " 6:19 " J);
	/* negatives: pip, npm, wget of a JAR, application arguments */
	assert_string_equal(
	    lint("s.sh", "pip install --packages x\n"
			 "npm install --packages y\n"
			 "wget -O /opt/spark/jars/x.jar https://r/x.jar\n"
			 "spark-submit app.py --jars mine --packages theirs\n"
			 "echo spark-submit --jars never-run\n"
			 "# spark-submit --jars commented\n"),
	    "");
}

static void test_python_expressions(void **state)
{
	(void)state;
	/* backslash continuations, implicit concatenation with f-strings */
	assert_string_equal(lint("a.py",
				 "spark = SparkSession.builder \\\n"
				 "    .config(\\\n"
				 "        \"spark.jars.packages\", pkgs) \\\n"
				 "    .getOrCreate()\n"
				 "os.environ[\"PYSPARK_SUBMIT_ARGS\"] = (\n"
				 "    f\"--jars {j} \"\n"
				 "    f\"--packages {p} pyspark-shell\")\n"),
			    "3:9 " P " 6:7 " J " 7:7 " P);
	/* '+', a variable holding options used below, f-string fields */
	assert_string_equal(
	    lint("b.py",
		 "OPTS = \"--repositories https://r \" + \"--packages a:b:1\"\n"
		 "x = 1\n"
		 "os.environ[\"PYSPARK_SUBMIT_ARGS\"] = OPTS + \" "
		 "pyspark-shell\"\n"
		 "JARS = '--jars /x.jar'\n"
		 "os.system(f\"spark-submit {JARS} app.py\")\n"
		 "cmd = \"spark-submit --driver-class-path /c.jar app.py\"\n"
		 "subprocess.run(cmd, shell=True)\n"),
	    "1:9 " R " 1:39 " P " 4:9 " J " 6:21 " C);
	/* "key=value" strings split before the builder, dicts, subscripts */
	assert_string_equal(
	    lint("c.py",
		 "for kv in [\"spark.jars.packages=a:b:1\", \"spark.x=1\"]:\n"
		 "    k, v = kv.split(\"=\")\n"
		 "conf = {\"spark.jars\": \"/x.jar\"}\n"
		 "SparkSession.builder.config(map=conf)\n"
		 "conf2 = {}\n"
		 "conf2[\"spark.jars.repositories\"] = \"https://r\"\n"),
	    "1:12 " P " 3:9 " J " 6:7 " R);
	/* negatives: reading a key, an empty value, prose in strings */
	assert_string_equal(
	    lint("d.py",
		 "v = conf.get(\"spark.jars\")\n"
		 "os.environ.get(\"PYSPARK_SUBMIT_ARGS\", \"--jars x\")\n"
		 "conf[\"spark.jars\"] == \"x\"\n"
		 "print(\"set spark.jars=... to load JARs\")\n"
		 "log = \"spark-submit --jars is refused here\"\n"),
	    "");
}

static void test_yaml_shapes(void **state)
{
	(void)state;
	/* a SparkApplication's spec cut out of its document, no kind: */
	assert_string_equal(
	    lint("spec.yaml", "spec:\n  type: Python\n  sparkVersion: 3.5.1\n"
			      "  mainApplicationFile: local:///app/job.jar\n"
			      "  deps:\n    packages: [a:b:1]\n"
			      "    excludePackages: [c:d]\n"),
	    "6:5 " P " 7:5 runtime-excludes");
	/* its deps block alone: told by the values' shape */
	assert_string_equal(lint("deps.yaml",
				 "deps:\n  jars:\n    - local:///x.jar\n"
				 "  repositories:\n    - https://r.example/m2\n"
				 "---\ndeps:\n  packages: [curl, git]\n"),
			    "2:3 " J " 4:3 " R);
	/* an option and its value in one list item */
	assert_string_equal(
	    lint("pod.yaml", "containers:\n- name: c\n  image: i\n"
			     "  args:\n  - \"--packages org.x:y:1\"\n"
			     "  - \"--conf spark.jars=/x.jar\"\n  - app.py\n"),
	    "5:5 " P " 6:5 " J);
	/* mainApplicationFile is the application, not a JAR added to it */
	assert_string_equal(
	    lint("app.yaml", "apiVersion: sparkoperator.k8s.io/v1beta2\n"
			     "kind: SparkApplication\nspec:\n"
			     "  mainApplicationFile: local:///opt/app/app.jar\n"
			     "  arguments: [\"--jars\", \"input.jar\"]\n"),
	    "");
}

static void test_precision(void **state)
{
	(void)state;
	/* a declaration table whose value is empty is no setting */
	assert_string_equal(
	    lint(
		"interpreter.json",
		"{\"properties\": {\n"
		"  \"spark.jars\": {\"name\": \"spark.jars\", \"value\": \"\","
		" \"type\": \"textarea\"},\n"
		"  \"spark.jars.packages\": {\"name\": \"spark.jars.packages\","
		" \"value\": \"a:b:1\"}}}\n"),
	    "3:3 " P);
	/* prose and comments */
	assert_string_equal(
	    lint("README.md", "spark-submit --jars x.jar app.py\n"), "");
	assert_string_equal(
	    lint("doc.rst", ".. code:: sh\n\n   spark-submit --jars x.jar\n"),
	    "");
}

static void test_decisions(void **state)
{
	(void)state;
	/* a build-time spark-submit warming an Ivy cache is reported: its
	 * JARs land in the image outside the manifest; wget of a JAR is not
	 * lint's to judge (verify checks the image) */
	assert_string_equal(
	    lint(
		"Dockerfile",
		"FROM apache/spark:3.5.1\n"
		"RUN spark-submit --packages a:b:1 --class Noop x.jar || true\n"
		"RUN wget -q -O /opt/spark/jars/x.jar https://r/x.jar\n"),
	    "2:18 " P);
	/* an echo of a command line never runs it */
	assert_string_equal(
	    lint("s.sh", "echo \"run: spark-submit --jars x.jar app.py\"\n"
			 "printf '%s\\n' 'spark-submit --packages p app.py'\n"),
	    "");
}

static void test_command_strings(void **state)
{
	(void)state;
	/* Airflow: bash_command=, a command kept in a variable, SSH */
	assert_string_equal(lint("dag.py",
				 "t = BashOperator(\n"
				 "    task_id=\"submit\",\n"
				 "    bash_command=\"spark-submit --master "
				 "yarn --jars /x.jar a.py\",\n"
				 ")\n"
				 "cmd = \"\"\"\n"
				 "spark-submit \\\n"
				 "  --packages org.a:b:1 \\\n"
				 "  app.py\n"
				 "\"\"\"\n"
				 "SSHOperator(command=\"spark-submit "
				 "--repositories https://r a.py\")\n"),
			    "3:46 " J " 7:3 " P " 10:35 " R);
	/* KubernetesPodOperator: cmds holds the launcher, arguments its
	 * options (after the application, its own) */
	assert_string_equal(
	    lint("k.py",
		 "KubernetesPodOperator(task_id=\"t\",\n"
		 "    cmds=[\"/opt/spark/bin/spark-submit\"],\n"
		 "    arguments=[\"--packages\", \"a:b:1\", \"app.py\"])\n"
		 "KubernetesPodOperator(cmds=[\"spark-submit\"],\n"
		 "    arguments=[\"app.py\", \"--jars\", \"x\"])\n"),
	    "3:16 " P);
	/* shown, not run: print, logging, help texts, returned text */
	assert_string_equal(
	    lint(
		"cli.py",
		"print(\"spark-submit --jars x.jar app.py\")\n"
		"log.info(\"running spark-submit --packages %s\", p)\n"
		"parser.add_argument(\"--x\", help=\"spark-submit --jars J\")\n"
		"def usage():\n"
		"    return \"spark-submit --jars J app.py\"\n"),
	    "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gcloud),
	    cmocka_unit_test(test_emr),
	    cmocka_unit_test(test_emr_serverless_and_glue),
	    cmocka_unit_test(test_livy_and_airflow),
	    cmocka_unit_test(test_command_strings),
	    cmocka_unit_test(test_heredoc_targets),
	    cmocka_unit_test(test_shell_forms),
	    cmocka_unit_test(test_python_expressions),
	    cmocka_unit_test(test_yaml_shapes),
	    cmocka_unit_test(test_precision),
	    cmocka_unit_test(test_decisions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

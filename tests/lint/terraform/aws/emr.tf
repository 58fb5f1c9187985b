resource "aws_emr_cluster" "batch" {
  name          = "akko-batch"
  release_label = "emr-7.1.0"
  applications  = ["Spark", "Hadoop"]
  service_role  = aws_iam_role.emr_service.arn

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  step {
    action_on_failure = "TERMINATE_CLUSTER"
    name              = "Load"

    hadoop_jar_step {
      jar  = "command-runner.jar"
      args = ["spark-submit", "--deploy-mode", "cluster", "--jars", "s3://akko-jobs/libs/extra.jar", "s3://akko-jobs/load.py"]
    }
  }

  step {
    action_on_failure = "CONTINUE"
    name              = "Setup"
    hadoop_jar_step {
      jar  = "s3://eu-west-1.elasticmapreduce/libs/script-runner/script-runner.jar"
      args = ["s3://akko-jobs/setup.sh", "--packages", "os-level-not-spark"]
    }
  }

  configurations_json = <<EOF
[
  {
    "Classification": "spark-defaults",
    "Properties": {
      "spark.jars.packages": "org.apache.hudi:hudi-spark3.5-bundle_2.12:0.15.0",
      "spark.executor.memory": "6g"
    }
  }
]
EOF

  bootstrap_action {
    path = "s3://akko-jobs/bootstrap/install-python-deps.sh"
    name = "python-deps"
    args = ["--requirements", "s3://akko-jobs/requirements.txt"]
  }
}

locals {
  submit_cmd = <<-EOT
    spark-submit --master yarn \
      --conf spark.executor.extraClassPath=/usr/lib/extra/* \
      s3://akko-jobs/report.py
  EOT
}

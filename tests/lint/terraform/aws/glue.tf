resource "aws_glue_job" "curated" {
  name              = "akko-curated"
  role_arn          = aws_iam_role.glue.arn
  glue_version      = "4.0"
  worker_type       = "G.1X"
  number_of_workers = 4

  command {
    script_location = "s3://${aws_s3_bucket.jobs.bucket}/glue/curated.py"
    python_version  = "3"
  }

  default_arguments = {
    "--job-language"              = "python"
    "--extra-jars"                = "s3://${aws_s3_bucket.jobs.bucket}/libs/delta-core_2.12-2.4.0.jar"
    "--extra-py-files"            = "s3://${aws_s3_bucket.jobs.bucket}/libs/helpers.zip"
    "--additional-python-modules" = "pyarrow==14.0.2"
    "--conf"                      = "spark.jars.packages=org.apache.spark:spark-avro_2.12:3.3.0"
    # "--extra-jars"              = "s3://old/location.jar"
  }
}

resource "aws_glue_job" "raw" {
  name     = "akko-raw"
  role_arn = aws_iam_role.glue.arn
  command {
    script_location = "s3://${aws_s3_bucket.jobs.bucket}/glue/raw.py"
  }
  default_arguments = merge(var.common_glue_args, {
    "--TempDir"             = "s3://${aws_s3_bucket.jobs.bucket}/tmp/"
    "--enable-metrics"      = ""
  })
}

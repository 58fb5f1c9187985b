resource "aws_sfn_state_machine" "daily" {
  name     = "akko-daily"
  role_arn = aws_iam_role.sfn.arn

  definition = <<EOF
{
  "StartAt": "Run",
  "States": {
    "Run": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
      "Parameters": {
        "ApplicationId": "${aws_emrserverless_application.spark.id}",
        "ExecutionRoleArn": "${aws_iam_role.job.arn}",
        "JobDriver": {
          "SparkSubmit": {
            "EntryPoint": "s3://akko-jobs/daily.py",
            "SparkSubmitParameters": "--conf spark.executor.cores=4 --jars s3://akko-jobs/libs/daily-udfs.jar"
          }
        }
      },
      "End": true
    }
  }
}
EOF
}

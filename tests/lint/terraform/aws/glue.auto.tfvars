common_glue_args = {
  "--enable-continuous-cloudwatch-log" = "true"
  "--extra-jars"                       = "s3://akko-jobs/libs/ojdbc11.jar,s3://akko-jobs/libs/ucp.jar"
  "--extra-files"                      = ""
}

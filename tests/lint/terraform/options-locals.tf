locals {
  spark_params = "--conf spark.jars.repositories=https://maven.akko.internal/releases --conf spark.executor.cores=2"
  submit_args  = ["--packages", "org.akko:geo-score_2.12:1.2.0"]
  app_args     = ["--jars", "app-own"]
  spark_conf_dir = "/etc/spark/conf"
}

resource "kubernetes_manifest" "geo" {
  manifest = {
    apiVersion = "sparkoperator.k8s.io/v1beta2"
    kind       = "SparkApplication"
    metadata   = { name = "geo", namespace = "jobs" }
    spec = {
      type                = "Python"
      mainApplicationFile = "local:///opt/akko/jobs/enrich.py"
      deps = {
        jars     = ["local:///opt/akko/lib/h3.jar"]
        packages = []
      }
    }
  }
}

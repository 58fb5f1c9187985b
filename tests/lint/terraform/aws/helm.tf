resource "helm_release" "history" {
  name       = "spark-history"
  repository = "https://charts.example.org"
  chart      = "spark-history-server"
  namespace  = "spark"

  values = [
    <<-EOT
    image:
      tag: "3.5.1"
    sparkConf:
      spark.history.fs.logDirectory: s3a://akko-logs/events
      spark.jars.packages: org.apache.hadoop:hadoop-aws:3.3.4
    EOT
  ]

  set {
    name  = "service.type"
    value = "ClusterIP"
  }
}

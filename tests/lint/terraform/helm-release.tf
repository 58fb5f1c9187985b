resource "helm_release" "geo" {
  name  = "geo"
  chart = "./charts/geo-job"
  set {
    name  = "image.tag"
    value = "2.1"
  }
  set {
    name  = "sparkConf.spark\\.jars\\.repositories"
    value = "https://maven.akko.internal/releases"
  }
}

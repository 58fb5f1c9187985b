resource "databricks_job" "stream" {
  name = "akko-stream"
  task {
    task_key = "stream"
    existing_cluster_id = var.cluster_id
    spark_python_task {
      python_file = "dbfs:/jobs/stream.py"
    }
    dynamic "library" {
      for_each = var.maven_packages
      content {
        maven {
          coordinates = library.value
        }
      }
    }
  }
}

resource "databricks_cluster_policy" "fixed" {
  name = "akko-fixed-libraries"
  libraries = [
    { "maven" = { "coordinates" = "org.apache.spark:spark-avro_2.12:3.5.1" } },
    { "whl" = "/Workspace/Shared/wheels/akko-0.1.0-py3-none-any.whl" },
  ]
}

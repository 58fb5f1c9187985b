resource "databricks_cluster" "shared" {
  cluster_name            = "akko-shared"
  spark_version           = var.spark_version
  node_type_id            = var.node_type
  autotermination_minutes = 30
  autoscale {
    min_workers = 1
    max_workers = 8
  }
  spark_conf = {
    "spark.sql.shuffle.partitions" : "200",
    "spark.driver.extraClassPath" : "/databricks/extra/*",
  }
  # library { maven { coordinates = "commented:out:1.0" } }
  library {
    whl = "dbfs:/FileStore/wheels/akko_utils-0.3.0-py3-none-any.whl"
  }
}

resource "databricks_library" "cosmos" {
  cluster_id = databricks_cluster.shared.id
  maven {
    coordinates = "com.azure.cosmos.spark:azure-cosmos-spark_3-5_2-12:4.30.0"
  }
}

resource "databricks_library" "jdbc" {
  for_each   = toset(var.jdbc_jars)
  cluster_id = databricks_cluster.shared.id
  jar        = each.value
}

variable "jdbc_jars" {
  description = "JARs installed on the cluster (spark.jars is never set by hand)"
  type        = list(string)
  default     = []
}

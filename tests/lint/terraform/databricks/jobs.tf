# Nightly jobs of the lakehouse workspace.
data "databricks_spark_version" "lts" {
  long_term_support = true
}

resource "databricks_job" "nightly" {
  name = "akko-nightly"

  job_cluster {
    job_cluster_key = "etl"
    new_cluster {
      spark_version = data.databricks_spark_version.lts.id
      node_type_id  = var.node_type
      num_workers   = 4
      spark_conf = {
        "spark.databricks.delta.preview.enabled" = "true"
        "spark.jars.packages"                    = "org.apache.spark:spark-avro_2.12:3.5.1"
      }
      spark_env_vars = {
        PYSPARK_SUBMIT_ARGS = "--repositories https://maven.example.org/releases pyspark-shell"
      }
    }
  }

  task {
    task_key        = "ingest"
    job_cluster_key = "etl"

    library {
      maven {
        coordinates = "com.microsoft.azure:azure-eventhubs-spark_2.12:2.3.22"
        repo        = "https://maven.example.org/releases"
        exclusions  = ["org.slf4j:slf4j-api"]
      }
    }
    library {
      jar = "dbfs:/FileStore/jars/akko-udfs-1.4.0.jar"
    }
    library {
      pypi {
        package = "great-expectations==0.18.12"
      }
    }

    spark_jar_task {
      main_class_name = "org.akko.Ingest"
      parameters      = ["--jars", "application-argument"]
    }
  }

  task {
    task_key = "submit"
    spark_submit_task {
      parameters = [
        "--class", "org.akko.Compact",
        "--packages", "io.delta:delta-spark_2.12:3.1.0",
        "dbfs:/FileStore/jars/compact.jar",
      ]
    }
  }
}

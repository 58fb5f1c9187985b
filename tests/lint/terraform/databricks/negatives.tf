# Nothing here adds a JAR at run time.
variable "extra_jars" {
  description = <<-EOT
    JARs are baked into the image; never set spark.jars or pass --packages.
    Example of what is refused: spark-submit --packages org.x:y:1 app.py
  EOT
  type    = list(string)
  default = []
}

resource "databricks_job" "report" {
  name = "akko-report"

  task {
    task_key = "report"
    new_cluster {
      spark_version = var.spark_version
      num_workers   = 1
      spark_conf = {
        "spark.jars"               = ""
        "spark.sql.ansi.enabled"   = "true"
        "spark.jars.packages"      = null
      }
    }
    library {
      pypi {
        package = "plotly==5.22.0"
        repo    = "https://pypi.example.org/simple"
      }
    }
    spark_jar_task {
      main_class_name = "org.akko.Report"
      parameters      = ["--packages", "report-section-a", "--jars", "none"]
    }
  }
}

output "jar_location" {
  value = "dbfs:/FileStore/jars/report.jar"
}

locals {
  jar = "dbfs:/FileStore/jars/not-a-library.jar"
  // library { jar = "dbfs:/commented.jar" }
  /* library {
       maven { coordinates = "commented:block:1.0" }
     } */
}

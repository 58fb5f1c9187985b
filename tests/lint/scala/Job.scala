package org.example

import org.apache.spark.SparkConf
import org.apache.spark.sql.SparkSession

import scala.sys.process._

/** Nightly job. Never call `.config("spark.jars.packages", ...)` here. */
object Job {
  def main(args: Array[String]): Unit = {
    // .config("spark.jars", "commented")
    val conf = new SparkConf()
      .set("spark.jars.repositories", "https://repo.example.org/maven2")
      .setAll(Seq("spark.driver.extraClassPath" -> "/opt/extra/driver.jar"))
    val spark = SparkSession.builder()
      .appName("nightly")
      .config("spark.jars.packages", "io.delta:delta-spark_2.12:3.1.0")
      .config(conf)
      .getOrCreate()
    spark.sparkContext.addJar("/opt/extra/udf.jar")
    val c = 'x'
    val q = '"'
    val jars = spark.conf.get("spark.jars")
    val out = "spark-submit --jars /opt/extra/proc.jar app.py".!!
    /* block comment: spark.conf.set("spark.jars.ivy", "/tmp") */
    spark.conf.set("spark.jars.ivy", "/tmp/.ivy2")
    println(s"spark.jars = $jars")
  }
}

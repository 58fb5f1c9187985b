package org.akko.geo;

import org.apache.spark.SparkConf;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;

/** Starts the geo enrichment from the scheduler service. */
public final class GeoLauncher {
  public static SparkAppHandle start(String day) throws Exception {
    SparkConf defaults = new SparkConf().setJars(new String[] {"/opt/akko/lib/h3.jar"});
    return new SparkLauncher()
        .setAppResource("/opt/akko/jobs/geo-enrich.jar")
        .setMainClass("org.akko.geo.Enrich")
        .addSparkArg("--packages", "org.akko:geo-score_2.12:1.2.0")
        .addSparkArg("--repositories=https://maven.akko.internal/releases")
        .addSparkArg("--num-executors", "4")
        .setConf(SparkLauncher.DRIVER_EXTRA_CLASSPATH, "/opt/akko/lib/*")
        .setConf(SparkLauncher.DRIVER_MEMORY, "4g")
        .addAppArgs("--day", day, "--jars", "app-own")
        .startApplication();
  }
}

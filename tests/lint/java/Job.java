package org.example;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Nightly job. Do not use {@code .config("spark.jars.packages", ...)}.
 */
public final class Job {
    private static final char QUOTE = '"';

    public static void main(String[] args) throws Exception {
        SparkConf conf = new SparkConf()
            .set("spark.jars.excludes", "org.slf4j:slf4j-api") // refused
            .set("spark.executor.memory", "4g");
        Map<String, String> extra = Map.of("spark.jars.packages", "io.delta:delta-spark_2.12:3.1.0");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        // jarbake: allow runtime-artifact -- the UDF JAR is built by this job itself
        spark.sparkContext().addJar("/tmp/udf.jar");
        new ProcessBuilder(List.of("spark-submit", "--repositories", "https://repo.example.org/maven2", "app.py")).start();
        String jars = spark.conf().get("spark.jars");
        String text = """
            spark.jars is only read here
            """;
    }
}

"""Installs the team's libraries on the shared cluster with the Databricks SDK."""
from databricks.sdk import WorkspaceClient
from databricks.sdk.service import compute

ws = WorkspaceClient()
CLUSTER = "0606-akko-shared"

ws.libraries.install(CLUSTER, [compute.Library(jar="dbfs:/FileStore/akko/geo-udfs.jar")])
ws.libraries.install(
    CLUSTER,
    [
        compute.Library(
            maven=compute.MavenLibrary(
                coordinates="org.akko:geo-score_2.12:1.2.0",
                repo="https://maven.akko.internal/releases",
            )
        ),
        compute.Library(pypi=compute.PythonPyPiLibrary(package="shapely")),
    ],
)

// CDK stack of the geo Glue job and its EMR backfill step.
import * as cdk from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';

export class GeoStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    new glue.CfnJob(this, 'GeoEnrich', {
      role: 'arn:aws:iam::123456789012:role/geo-glue',
      command: { name: 'glueetl', scriptLocation: 's3://akko-jobs/geo/enrich.py' },
      defaultArguments: {
        '--extra-jars': 's3://akko-libs/geo-udfs-0.4.jar',
        '--conf': 'spark.jars.packages=org.akko:geo-score_2.12:1.2.0',
        '--extra-py-files': 's3://akko-libs/geo_tools.zip',
        '--datalake-formats': 'iceberg',
      },
    });
    const backfill = {
      name: 'backfill',
      hadoopJarStep: {
        jar: 'command-runner.jar',
        args: ['spark-submit', '--jars', 's3://akko-libs/h3.jar', 's3://akko-jobs/geo/backfill.py'],
      },
    };
    // spark-submit --packages is refused by CI; see the README
    console.log('usage: spark-submit --jars is not allowed');
    execSync('npx esbuild lambda/index.ts --bundle --platform=node --packages=external', { stdio: 'inherit' });
  }
}

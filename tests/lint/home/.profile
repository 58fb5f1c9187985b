# ~/.profile: executed by the login shell
if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi
export SPARK_SUBMIT_OPTS="-Dspark.jars.ivySettings=$HOME/.ivy2/ivysettings.xml"
export MAVEN_OPTS="-Xmx2g"

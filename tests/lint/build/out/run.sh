#!/bin/sh
spark-submit --jars /build.jar app.py

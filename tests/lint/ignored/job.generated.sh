#!/bin/sh
spark-submit --jars /x.jar app.py

#!/bin/sh
touch "$1"

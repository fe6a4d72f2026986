#!/bin/sh
echo '{"changed": false}'

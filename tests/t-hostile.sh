#!/usr/bin/env bash
# placeholder until the hostile-input test is written
exit 77

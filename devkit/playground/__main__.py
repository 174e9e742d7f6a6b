"""`python -m devkit.playground`: the playground without the `sfbot` entry point."""

import sys

from devkit.playground.run import main

sys.exit(main())

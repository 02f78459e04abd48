import sys

from casemgmt.cli import main

sys.exit(main())

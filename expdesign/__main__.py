import sys

from expdesign.cli import main

sys.exit(main())

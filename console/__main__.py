"""`python -m console` is `opsconsole`."""

from console.cli import main

raise SystemExit(main())

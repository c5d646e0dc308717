from peepshow_core.cli import main

raise SystemExit(main())

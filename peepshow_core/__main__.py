from peepshow_core.frontends.cli import main

raise SystemExit(main())

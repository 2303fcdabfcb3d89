from psoas_tui.cli import main

raise SystemExit(main())

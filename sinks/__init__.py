"""Built-in peepshow sinks (the package `peepshow_sinks`), each a `peepshow-sink-<name>` command."""

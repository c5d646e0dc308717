"""Built-in peepshow sinks (installed as `peepshow_sinks`), each a `peepshow-sink-<name>` executable."""

"""Local emulators of the remote services the sinks talk to: real HTTP servers on 127.0.0.1, each
a `peepshow_core.delivery.faultserver.FaultServer` (one base, one fault queue, every fault mode;
it ships with peepshow because `peepshow sinks check-contract` runs it for sink authors)."""

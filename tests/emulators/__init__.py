"""Local emulators of the remote services the sinks talk to (real HTTP servers on 127.0.0.1)."""

"""`peepshow batch`: many videos in one command, on a process pool or a Ray cluster.

`inputs` (which files), `state` (what is done: fingerprints, job keys, run ids, the state file),
`jobs` (one job, run inside a worker), `engine` (the interface between the batch logic and an
engine), `local_engine` and `ray_engine` (the engines), `runner` (the batch logic).
"""

"""`livegen batch`: many recordings, each through the `livegen run` pipeline.

- `inputs`: INPUT arguments and manifests → recordings; `names`: their run-folder names.
- `runner`: the plan (what is kept, what is left) and the loop that records outcomes.
- `work`: one recording inside a worker; `sizing`: workers × threads for the machine.
- `local_engine` / `ray_engine`: where the workers live; `signals`: how they stop.
- `index`: `batch.json` and `index.html`.
"""

"""The bottom floor: contracts every layer imports and that import no layer.

`result` (the JSON contract), `tables` (the canonical tables between stages),
`quality` and `findings` (the two catalogues of codes a user sees), `errors`
(the error tree and exit codes), `config` (the config file), `options` (the
options the commands share) and `progress` (how a run says how far it is).
Nothing here reads a file's cells, reconciles or prints.
"""

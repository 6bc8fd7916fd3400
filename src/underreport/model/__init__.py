"""The bottom floor: contracts every layer imports and that import no layer.

`result` (the JSON contract), `tables` (the canonical tables between stages),
`quality` and `findings` (the two catalogues of codes a user sees), `errors`
(the error tree and exit codes) and `config` (the config file and the options
the commands share). Nothing here reads a file's cells, reconciles or prints.
"""

"""Reconcile on a Dask cluster: the client plans and ranks, the workers read, shuffle and match.

Optional: needs the `cluster` extra (`pip install 'underreport[cluster]'`).
"""

"""Idempotency keys: a client that retries a mutation it never heard back from gets the first
answer again instead of a second effect.

A request's ``Idempotency-Key`` header (the IETF httpapi draft's name, as Stripe and Shopify
use it) is claimed in the transaction of the first mutation that commits, so the key exists
exactly when the effect does; the response is kept beside it once sent and replayed for the
same key and the same request. See ``core.idempotency.http`` for what a client sees.
"""

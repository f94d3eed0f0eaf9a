"""Peer guides and matching: the directory, requests, waitlists and offers, learner groups
(PW-DIRECTORY, PW-REQUEST, PW-STAFF-PICK, PW-CAPACITY, PW-MULTI)."""

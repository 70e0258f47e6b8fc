"""Persistence adapters: users, immutability triggers, bulk reads, transcodings, recorders."""

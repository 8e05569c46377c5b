"""One module per rule type; each registers itself (`incentives/engine/registry.py`)."""

"""Cross-article work over a store: near-duplicate copies and story clustering."""

"""The reports domain: documents from the landing folder to extracted tables, one batch per partition."""

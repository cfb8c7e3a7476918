"""The only Streamlit glue: shared state, cached wrappers, texts."""

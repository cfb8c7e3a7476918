"""The data sources: synthetic series, bundled real samples, Yahoo Finance and CSV uploads."""

"""LSTM Visual Explorer: the library (math, data, training, figures). Never imports Streamlit."""

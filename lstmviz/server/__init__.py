"""The server's plumbing, apart from the maths: runs shared between sessions (`sharedruns`) and the process's memory
and garbage-collection settings (`runtime`). No Streamlit here either."""

"""The lessons: one module each (its text, settings and suggestions, its computation call into the library, its
figure, its question); a page lays out its lessons, the course (lstmviz.course) walks through them."""

"""Learning page: Adam step by step, and overfitting and what stops it (the course's sections 18 and 19)."""

import streamlit as st

from lstmviz.ui import page
from lstmviz.ui.i18n import t
from lstmviz.ui.lessons import adam, overfitting
from lstmviz.ui.settings.learning import LEARNING

page.setup("Adam and regularisation", LEARNING)
st.title(t("Adam and regularisation"))
for lesson in (adam, overfitting):
    st.header(t(lesson.TITLE))
    lesson.show()

"""The Streamlit interface of the recommender: one small module per part of the page.

`app.py` assembles the page; these modules draw its parts and hold its texts. None of them ranks
or retrieves anything: they call `recommender.Recommender` and show what it returns.
"""

"""The text classifier the strip stage uses: which lines of a page are the
article and which are furniture (menus, captions, credits, teasers, widgets).
Its vocabulary is data in `data/`. Nothing here is a Prefect task.
"""

"""The source registry (``sources.yaml``) and the administrative gazetteer it is checked
against: the one list of sources every stage reads."""

"""The rule base: small, documented checks over a flow, grouped by family (one module each).

``flowmap.rules.registry.RULES`` is the one list of rules; nothing registers itself on import.
"""

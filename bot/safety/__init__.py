"""Bilingual (Welsh/English) safety detector: does a message show risk of suicide or self-harm?

    >>> from bot.safety import assess
    >>> assess("dw i isio lladd fy hun").at_risk
    True

Pure standard library, deterministic, no I/O. See :mod:`bot.safety.detector`.
"""

from bot.safety.detector import RULE_IDS, SafetyAssessment, assess

__all__ = ["RULE_IDS", "SafetyAssessment", "assess"]

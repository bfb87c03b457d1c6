"""The report's pages, one module per kind: title, chart pages, targets, stance, split.
Each makes A4 :class:`~matplotlib.figure.Figure` objects from an Analysis and its
summary; :mod:`discourse.report.pdf` puts them in order."""
